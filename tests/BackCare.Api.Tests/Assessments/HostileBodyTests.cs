using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BackCare.Api.Tests.Hosting;

namespace BackCare.Api.Tests.Assessments;

/// <summary>The hostile bodies the fuzz tests draw from, each pinned to the exact problem it gets.</summary>
[Collection("api")]
public sealed class HostileBodyTests(ApiFactory factory)
{
    private const string BadRequestType = "https://tools.ietf.org/html/rfc9110#section-15.5.1";
    private const string ValidationTitle = "One or more validation errors occurred.";

    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("redFlags.saddleAnesthesia", "unsure,yes")]
    [InlineData("conditions.discProblem", "no, unsure, yes")]
    [InlineData("pain.unrelenting", "unsure, yes")]
    [InlineData("selfAdjustment.usesForce", "yes,unsure")]
    [InlineData("redFlags.feverOrChills", "no, yes")]
    [InlineData("redFlags.feverOrChills", "YES")]
    [InlineData("redFlags.feverOrChills", " yes")]
    [InlineData("pain.region", "lumbar,thoracic")]
    [InlineData("pain.region", "Lumbar")]
    public async Task Anything_but_an_exact_answer_name_is_a_400_naming_the_field(string path, string value)
    {
        var response = await _client.PostAssessmentAsync(Answers.NothingWrong().With(path, value));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, new JsonObject
        {
            ["type"] = BadRequestType,
            ["title"] = ValidationTitle,
            ["status"] = 400,
            ["detail"] = "The request body has a value of the wrong type.",
            ["errors"] = new JsonObject
            {
                [path] = new JsonArray($"'{path}' must be one of: {(path == "pain.region" ? "lumbar, thoracic" : "no, unsure, yes")}."),
            },
        });
    }

    [Theory]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("application/json; charset=no-such-charset")]
    public async Task A_body_in_another_charset_than_utf8_is_a_415_problem(string contentType)
    {
        var response = await _client.PostAsync("/v1/assessments", Bodies.Of(Encoding.UTF8.GetBytes(Answers.NothingWrong().ToJsonString()), contentType, chunked: false));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.16",
            ["title"] = "Unsupported Media Type",
            ["status"] = 415,
            ["detail"] = "Send the request body as UTF-8 JSON with 'Content-Type: application/json'; no other charset is accepted.",
        });
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=\"UTF-8\"")]
    [InlineData("application/json;charset=utf8")]
    public async Task Utf8_however_it_is_labelled_is_graded(string contentType)
    {
        var response = await _client.PostAsync("/v1/assessments", Bodies.Of(Encoding.UTF8.GetBytes(Answers.NothingWrong().ToJsonString()), contentType, chunked: false));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_answer_that_is_not_utf8_is_a_400_naming_the_field()
    {
        var valid = Encoding.UTF8.GetBytes(Answers.NothingWrong().ToJsonString());
        var at = Encoding.UTF8.GetBytes("{\"redFlags\":{\"bladderOrBowelControlLoss\":\"n").Length;

        var response = await _client.PostAsync("/v1/assessments", Bodies.Of([.. valid[..at], 0xC3, 0x28, .. valid[at..]], "application/json", chunked: false));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, new JsonObject
        {
            ["type"] = BadRequestType,
            ["title"] = ValidationTitle,
            ["status"] = 400,
            ["detail"] = "The request body has a value of the wrong type.",
            ["errors"] = new JsonObject { ["redFlags.bladderOrBowelControlLoss"] = new JsonArray("'redFlags.bladderOrBowelControlLoss' must be one of: no, unsure, yes.") },
        });
    }

    [Theory]
    [InlineData(9)]
    [InlineData(8000)]
    public async Task Nesting_past_the_three_levels_of_a_request_is_a_400(int depth)
    {
        var response = await _client.PostAsync("/v1/assessments", Bodies.Json(new string('[', depth) + new string(']', depth), chunked: false));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, new JsonObject
        {
            ["type"] = BadRequestType,
            ["title"] = ValidationTitle,
            ["status"] = 400,
            ["detail"] = "The request body must be a single JSON object.",
            ["errors"] = new JsonObject { ["body"] = new JsonArray("The body is not a JSON object.") },
        });
    }
}
