using System.Text.Json.Nodes;
using BackCare.Api.Rules;

namespace BackCare.Api.Tests.Rules;

/// <summary>A scratch copy of the shipped rule files that a test can break on purpose; deleted on dispose.</summary>
public sealed class RuleFiles : IDisposable
{
    public RuleFiles()
    {
        Directory.CreateDirectory(Path);
        foreach (var file in System.IO.Directory.GetFiles(System.IO.Path.Combine(AppContext.BaseDirectory, "rules")))
        {
            File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
        }
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "backcare-rules-" + Guid.NewGuid().ToString("N"));

    private string WorkflowPath => System.IO.Path.Combine(Path, RuleSetLoader.WorkflowFile);

    /// <summary>Edits the workflow file as JSON.</summary>
    public RuleFiles EditWorkflow(Action<JsonObject> edit)
    {
        var workflow = JsonNode.Parse(File.ReadAllText(WorkflowPath))!.AsObject();
        edit(workflow);
        File.WriteAllText(WorkflowPath, workflow.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return this;
    }

    /// <summary>Edits one rule of the workflow, found by id.</summary>
    public RuleFiles EditRule(string id, Action<JsonObject> edit) => EditWorkflow(workflow =>
        edit(workflow["Rules"]!.AsArray().Single(r => r!["RuleName"]!.GetValue<string>() == id)!.AsObject()));

    public Task<RuleSet> LoadAsync() => RuleSetLoader.LoadAsync(Path);

    public void Dispose() => System.IO.Directory.Delete(Path, recursive: true);
}
