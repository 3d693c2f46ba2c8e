using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BackCare.Api.Tests.Hosting;

namespace BackCare.Api.Tests.Assessments;

/// <summary>The batch's body limit on real sockets: 1,000 items × 1 KiB; beyond it a 413 problem naming the limit, however the body is sent.</summary>
[Collection("api")]
public sealed class BatchBodyLimitTests(KestrelApiFactory kestrel) : IClassFixture<KestrelApiFactory>
{
    private const int Limit = 1000 * 1024;

    private static JsonObject TooLarge => new()
    {
        ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        ["title"] = "Content Too Large",
        ["status"] = 413,
        ["detail"] = "The request body is larger than this endpoint accepts (1000 KiB for POST /v1/assessments/batch).",
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_a_thousand_times_1_KiB_is_a_413_problem_declared_or_chunked(bool chunked)
    {
        var body = Batch(10, Limit + 1);
        Assert.Equal(Limit + 1, Encoding.UTF8.GetByteCount(body));

        var response = await kestrel.CreateClient().PostAsync(Batches.Path, Bodies.Json(body, chunked));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, TooLarge);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_thousand_items_of_1_KiB_each_fill_the_body_to_its_limit_and_are_all_graded(bool chunked)
    {
        var body = Batch(1000, Limit);
        Assert.Equal(Limit, Encoding.UTF8.GetByteCount(body));

        var response = await kestrel.CreateClient().PostAsync(Batches.Path, Bodies.Json(body, chunked));

        var batch = await response.ReadBatchAsync();
        Assert.Equal((1000, 0), (batch["graded"]!.GetValue<int>(), batch["notGraded"]!.GetValue<int>()));
    }

    /// <summary>A JSON array of <paramref name="items"/> valid requests padded with spaces to <paramref name="bytes"/> bytes in all.</summary>
    private static string Batch(int items, int bytes)
    {
        var item = Answers.NothingWrong().ToJsonString();
        var padding = bytes - 2 - (items - 1) - (items * item.Length);
        var each = padding / items;
        var parts = Enumerable.Range(0, items).Select(i => new string(' ', each + (i == 0 ? padding % items : 0)) + item);
        return $"[{string.Join(',', parts)}]";
    }
}
