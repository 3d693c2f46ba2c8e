using System.Text.Json.Nodes;
using BackCare.Api.Tests.Hosting;
using CsCheck;
using Xunit.Abstractions;

namespace BackCare.Api.Tests.Assessments;

/// <summary>Hundreds of mixed requests fired at once get exactly the answers they get one at a time.</summary>
[Collection("api")]
public sealed class ParallelConsistencyTests(ApiFactory factory, KestrelApiFactory kestrel, ITestOutputHelper output) : IClassFixture<KestrelApiFactory>
{
    private static readonly string[] Gets =
    [
        "/v1/exercises", "/v1/exercises?region=lumbar", "/v1/exercises?movement=rotation", "/v1/exercises?region=spine",
        "/v1/exercises/double-knee-to-chest", "/v1/exercises/no-such-exercise", "/v1/questions", "/v1/rules", "/v1/rules/RF-CHRONIC",
        "/v1/rules/NO-SUCH-RULE", "/health/ready", "/nothing/here",
    ];

    [Fact]
    public Task In_memory_parallel_answers_equal_serial_answers() => AssertParallelEqualsSerialAsync(factory.CreateClient());

    [Fact]
    public Task Over_real_sockets_parallel_answers_equal_serial_answers() => AssertParallelEqualsSerialAsync(kestrel.CreateClient());

    private async Task AssertParallelEqualsSerialAsync(HttpClient client)
    {
        var requests = Mixed();
        var serial = new List<string>();
        foreach (var request in requests)
        {
            serial.Add(await AnswerAsync(client, request));
        }

        // 32 at a time: enough to interleave the sessions and buffers, and few enough that on a busy 2-core machine no socket waits
        // near the Kestrel factory's 2 s header timeout (all 320 at once failed about 1 run in 5 there).
        var parallel = new string[requests.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, requests.Count), new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (i, _) => parallel[i] = await AnswerAsync(client, requests[i]));

        var differing = Enumerable.Range(0, requests.Count).Where(i => serial[i] != parallel[i]).ToList();
        Assert.True(differing.Count == 0, string.Join("\n\n", differing.Take(3).Select(i =>
            $"{requests[i].Path} (request {i} of {requests.Count}) answered differently in parallel.\nOne at a time: {serial[i]}\nIn parallel:   {parallel[i]}")));
        Assert.True(serial.Distinct().Count() > 50, "The mix should produce many different answers.");
        output.WriteLine($"{requests.Count} requests ({serial.Distinct().Count()} distinct answers) gave the same answers in parallel as one at a time.");
    }

    /// <summary>200 generated assessments, 60 broken bodies and 60 reads, shuffled.</summary>
    private static List<(string Path, byte[]? Body, string? ContentType)> Mixed()
    {
        var assessments = Respondents.Valid.Array[200].Single().Select(p => ("/v1/assessments", (byte[]?)System.Text.Encoding.UTF8.GetBytes(p.ToJson().ToJsonString()), (string?)"application/json"));
        var garbage = GarbageBodies.Any.Array[60].Single().Select(g => ("/v1/assessments", (byte[]?)g.Body, g.ContentType));
        var reads = Enumerable.Range(0, 60).Select(i => (Gets[i % Gets.Length], (byte[]?)null, (string?)null));
        return [.. Gen.Shuffle(assessments.Concat(garbage).Concat(reads).ToArray()).Single()];
    }

    /// <summary>Status, media type and body, less what differs on every call by design: the assessment and trace ids.</summary>
    private static async Task<string> AnswerAsync(HttpClient client, (string Path, byte[]? Body, string? ContentType) request)
    {
        using var response = request.Body is null
            ? await client.GetAsync(request.Path)
            : await client.PostAsync(request.Path, Bodies.Of(request.Body, request.ContentType, chunked: false));
        var text = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true && JsonNode.Parse(text) is JsonObject json)
        {
            json.Remove("assessmentId");
            json.Remove("traceId");
            text = json.ToJsonString();
        }

        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} {text}";
    }
}
