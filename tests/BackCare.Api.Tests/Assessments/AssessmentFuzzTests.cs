using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using BackCare.Api.Tests.Hosting;
using CsCheck;
using Xunit.Abstractions;

namespace BackCare.Api.Tests.Assessments;

/// <summary>Thousands of broken bodies: each is answered with a 4xx problem (or a 200 when the damage left valid answers), never a 5xx or a hang.</summary>
[Collection("api")]
public sealed class AssessmentFuzzTests(ApiFactory factory, KestrelApiFactory kestrel, ITestOutputHelper output) : IClassFixture<KestrelApiFactory>
{
    public const int Cases = 5000;

    /// <summary>Fewer over real sockets, where each case costs a connection's worth of work; half of them chunked.</summary>
    public const int KestrelCases = 1000;

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task No_broken_body_gets_a_5xx_a_hang_or_a_dropped_connection()
    {
        var outcomes = new ConcurrentDictionary<string, int>();
        await GarbageBodies.Any.SampleAsync(async garbage =>
        {
            var status = await PostAsync(_client, garbage);
            outcomes.AddOrUpdate($"{(status == 200 ? garbage.Kind : Family(garbage.Kind))} -> {status}", 1, (_, n) => n + 1);
        }, iter: Cases, print: g => g.ToString());

        Report(output, "in memory", outcomes);
        Assert.Equal(Cases, outcomes.Values.Sum());
    }

    [Fact]
    public async Task Over_real_sockets_no_broken_body_sent_whole_or_chunked_gets_a_5xx_a_hang_or_a_dropped_connection()
    {
        var outcomes = new ConcurrentDictionary<string, int>();
        var client = kestrel.CreateClient();
        await Gen.Select(GarbageBodies.Any, Gen.Bool).SampleAsync(async (garbage, chunked) =>
        {
            var status = await PostAsync(client, garbage, chunked);
            outcomes.AddOrUpdate($"{(chunked ? "chunked" : "with length")} -> {status}", 1, (_, n) => n + 1);
        }, iter: KestrelCases, print: t => $"{(t.Item2 ? "chunked " : "")}{t.Item1}");

        Report(output, "Kestrel", outcomes);
        Assert.Equal(KestrelCases, outcomes.Values.Sum());
    }

    /// <summary>Posts one body and asserts the answer: a 200, or a 4xx problem whose status matches. Returns the status.</summary>
    public static async Task<int> PostAsync(HttpClient client, GarbageBody garbage, bool chunked = false)
    {
        using var content = Bodies.Of(garbage.Body, garbage.ContentType, chunked);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync("/v1/assessments", content, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            throw new Xunit.Sdk.XunitException($"No answer (dropped or hung: {e}) for {garbage}");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            Assert.True(status is 200 or (>= 400 and < 500), $"{status} for {garbage}: {text}");
            if (status != 200)
            {
                Assert.Equal(ProblemResponse.MediaType, response.Content.Headers.ContentType?.MediaType);
                Assert.Equal(status, JsonNode.Parse(text)!["status"]!.GetValue<int>());
            }

            return status;
        }
    }

    internal static void Report(ITestOutputHelper output, string where, IDictionary<string, int> outcomes)
    {
        output.WriteLine($"Fuzz cases run ({where}): {outcomes.Values.Sum()}, 5xx: 0");
        foreach (var (outcome, count) in outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {outcome}: {count}");
        }
    }

    /// <summary>Groups "wrong value at 'pain.durationDays'" and the like for the report.</summary>
    private static string Family(string kind) => kind.StartsWith("wrong value", StringComparison.Ordinal) ? "wrong value" : kind;
}
