using System.Text.Json.Nodes;

namespace BackCare.Rules.Tests;

/// <summary>A scratch copy of the shipped rule-set data that a test can break on purpose; deleted on dispose.</summary>
public sealed class RuleFiles : IDisposable
{
    public RuleFiles()
    {
        Directory.CreateDirectory(Path);
        foreach (var file in Directory.GetFiles(Shipped))
        {
            File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
        }
    }

    /// <summary>The data as it ships beside the app.</summary>
    public static string Shipped { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "rules");

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "backcare-rules-" + Guid.NewGuid().ToString("N"));

    /// <summary>Edits a data file as JSON (by default triage.json).</summary>
    public RuleFiles Edit(Action<JsonObject> edit, string file = RuleSetLoader.RulesFile)
    {
        var path = System.IO.Path.Combine(Path, file);
        var json = JsonNode.Parse(File.ReadAllText(path), documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!.AsObject();
        edit(json);
        File.WriteAllText(path, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return this;
    }

    /// <summary>Edits one rule's entry in triage.json, found by id.</summary>
    public RuleFiles EditRule(string id, Action<JsonObject> edit) => Edit(file => edit(file["rules"]![id]!.AsObject()));

    public Task<RuleSet> LoadAsync() => RuleSetLoader.LoadAsync(Path);

    /// <summary>Loads the data into these rule classes instead of the shipped ones.</summary>
    public Task<RuleSet> LoadAsync(IReadOnlyList<Type> ruleTypes) => RuleSetLoader.LoadAsync(Path, ruleTypes);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
