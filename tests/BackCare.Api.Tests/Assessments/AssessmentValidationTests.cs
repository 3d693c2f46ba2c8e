using System.Net;
using System.Text.Json.Nodes;

namespace BackCare.Api.Tests.Assessments;

/// <summary>Every class of bad input is a 4xx problem that names what is wrong; none is dropped silently or answered with a 500.</summary>
[Collection("api")]
public sealed class AssessmentValidationTests(ApiFactory factory)
{
    private const string BadRequestType = "https://tools.ietf.org/html/rfc9110#section-15.5.1";
    private const string ValidationTitle = "One or more validation errors occurred.";

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_misspelt_property_is_a_400_naming_its_path_never_dropped()
    {
        var body = Answers.NothingWrong();
        body["redFlags"]!.AsObject().Remove("saddleAnesthesia");
        body["redFlags"]!["saddleAnaesthesia"] = "no";

        var response = await _client.PostAssessmentAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, Problem(
            "The request body has a property the API does not know.",
            "redFlags.saddleAnaesthesia",
            "'redFlags.saddleAnaesthesia' is not a property of this request. Check its spelling against GET /v1/questions."));
    }

    [Theory]
    [InlineData("redFlags", "saddleAnesthesia", "SaddleAnesthesia", "redFlags.SaddleAnesthesia")]
    [InlineData(null, "redFlags", "REDFLAGS", "REDFLAGS")]
    [InlineData("pain", "durationDays", "durationdays", "pain.durationdays")]
    public async Task A_property_name_in_another_case_is_a_400_naming_its_path_for_names_are_exact(
        string? group, string name, string renamed, string path)
    {
        var body = Answers.NothingWrong();
        var parent = group is null ? body : body[group]!.AsObject();
        var value = parent[name]!.DeepClone();
        parent.Remove(name);
        parent[renamed] = value;

        var response = await _client.PostAssessmentAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, Problem(
            "The request body has a property the API does not know.",
            path,
            $"'{path}' is not a property of this request. Check its spelling against GET /v1/questions."));
    }

    [Theory]
    [InlineData("selfAdjustment.usesForce", "must be one of: no, unsure, yes.")]
    [InlineData("pain.unrelenting", "must be one of: no, unsure, yes.")]
    [InlineData("pain.region", "must be one of: lumbar, thoracic.")]
    [InlineData("selfAdjustment.minutesSinceLast", "must be a whole number from 0 to 525600.")]
    [InlineData("redFlags.saddleAnesthesia", "must be one of: no, unsure, yes.")]
    public async Task Null_for_an_answer_is_a_400_naming_its_path_never_read_as_no(string path, string expectation)
    {
        var body = Answers.NothingWrong().With("selfAdjustment.timesPerDay", 1);
        var (group, leaf) = (path.Split('.')[0], path.Split('.')[1]);
        body[group]![leaf] = null;

        var response = await _client.PostAssessmentAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, Problem("The request body has a value of the wrong type.", path, $"'{path}' {expectation}"));
    }

    [Theory]
    [InlineData("selfAdjustment")]
    [InlineData("pain")]
    public async Task Null_for_a_group_of_answers_is_a_400_naming_it(string group)
    {
        var body = Answers.NothingWrong();
        body[group] = null;

        var response = await _client.PostAssessmentAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, Problem("The request body has a value of the wrong type.", group,
            $"'{group}' must be a JSON object of the shape GET /v1/questions describes."));
    }

    [Fact]
    public async Task Missing_required_answers_are_each_named_by_json_path()
    {
        var body = Answers.NothingWrong().Without("redFlags.saddleAnesthesia").Without("conditions.discProblem").Without("pain.durationDays");

        var response = await _client.PostAssessmentAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, new JsonObject
        {
            ["type"] = BadRequestType,
            ["title"] = ValidationTitle,
            ["status"] = 400,
            ["detail"] = "3 field(s) are missing or out of range: redFlags.saddleAnesthesia, conditions.discProblem, pain.durationDays.",
            ["errors"] = new JsonObject
            {
                ["redFlags.saddleAnesthesia"] = new JsonArray("Required: answer yes, no or unsure."),
                ["conditions.discProblem"] = new JsonArray("Required: answer yes, no or unsure."),
                ["pain.durationDays"] = new JsonArray("Required: a whole number of days."),
            },
        });
    }

    [Fact]
    public async Task Missing_sections_are_named()
    {
        var response = await _client.PostRawAsync("{}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, new JsonObject
        {
            ["type"] = BadRequestType,
            ["title"] = ValidationTitle,
            ["status"] = 400,
            ["detail"] = "3 field(s) are missing or out of range: redFlags, conditions, pain.",
            ["errors"] = new JsonObject
            {
                ["redFlags"] = new JsonArray("Required."),
                ["conditions"] = new JsonArray("Required."),
                ["pain"] = new JsonArray("Required."),
            },
        });
    }

    [Theory]
    [InlineData("pain.durationDays", -1, "Must be a whole number from 0 to 36500.")]
    [InlineData("pain.durationDays", 36501, "Must be a whole number from 0 to 36500.")]
    [InlineData("selfAdjustment.minutesSinceLast", -1, "Must be a whole number from 0 to 525600.")]
    [InlineData("selfAdjustment.minutesSinceLast", 525601, "Must be a whole number from 0 to 525600.")]
    [InlineData("selfAdjustment.timesPerDay", 1001, "Must be a whole number from 0 to 1000.")]
    public async Task Out_of_range_numbers_are_a_400_naming_the_range(string path, int value, string message)
    {
        var response = await _client.PostAssessmentAsync(Answers.NothingWrong().With(path, value));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, new JsonObject
        {
            ["type"] = BadRequestType,
            ["title"] = ValidationTitle,
            ["status"] = 400,
            ["detail"] = $"1 field(s) are missing or out of range: {path}.",
            ["errors"] = new JsonObject { [path] = new JsonArray(message) },
        });
    }

    [Theory]
    [InlineData("redFlags.feverOrChills", "\"maybe\"", "must be one of: no, unsure, yes.")]
    [InlineData("redFlags.feverOrChills", "true", "must be one of: no, unsure, yes.")]
    [InlineData("redFlags.feverOrChills", "2", "must be one of: no, unsure, yes.")]
    [InlineData("pain.region", "\"neck\"", "must be one of: lumbar, thoracic.")]
    [InlineData("pain.durationDays", "\"four\"", "must be a whole number from 0 to 36500.")]
    [InlineData("pain.durationDays", "4.5", "must be a whole number from 0 to 36500.")]
    [InlineData("pain.durationDays", "\"4\"", "must be a whole number from 0 to 36500.")]
    [InlineData("selfAdjustment.timesPerDay", "\"NaN\"", "must be a whole number from 0 to 1000.")]
    [InlineData("pain.durationDays", "99999999999999999999", "must be a whole number from 0 to 36500.")]
    public async Task A_wrong_type_or_unknown_enum_value_is_a_400_naming_the_path_and_what_it_accepts(string path, string json, string expectation)
    {
        var response = await _client.PostAssessmentAsync(Answers.NothingWrong().With(path, JsonNode.Parse(json)));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest,
            Problem("The request body has a value of the wrong type.", path, $"'{path}' {expectation}"));
    }

    [Fact]
    public async Task A_section_that_is_not_an_object_is_a_400()
    {
        var body = Answers.NothingWrong();
        body["redFlags"] = "yes";

        var response = await _client.PostAssessmentAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, Problem(
            "The request body has a value of the wrong type.", "redFlags",
            "'redFlags' must be a JSON object of the shape GET /v1/questions describes."));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"yes\"")]
    public async Task A_body_that_is_not_an_object_is_a_400(string json)
    {
        var response = await _client.PostRawAsync(json);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest,
            Problem("The request body must be a single JSON object.", "body", "The body is not a JSON object."));
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    public async Task An_empty_or_null_body_is_a_400(string json)
    {
        var response = await _client.PostRawAsync(json);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest,
            Problem("The request body is missing or is not valid JSON.", "body", "A JSON object is required."));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_saying_where()
    {
        var response = await _client.PostRawAsync("{\"redFlags\": {\"saddleAnesthesia\" \"no\"}}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest,
            Problem("The request body is not valid JSON.", "redFlags", "Malformed JSON at line 1, byte 34."));
    }

    [Fact]
    public async Task A_duplicated_key_is_a_400_rather_than_last_one_wins()
    {
        var response = await _client.PostRawAsync(
            Answers.NothingWrong().ToJsonString().Replace("\"durationDays\":4", "\"durationDays\":4,\"durationDays\":40", StringComparison.Ordinal));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest,
            Problem("The request body gives the same property twice.", "pain.durationDays", "'pain.durationDays' appears more than once."));
    }

    [Fact]
    public async Task A_wrong_content_type_is_a_415_problem()
    {
        var response = await _client.PostRawAsync(Answers.NothingWrong().ToJsonString(), "text/plain");

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.16",
            ["title"] = "Unsupported Media Type",
            ["status"] = 415,
            ["detail"] = "Send the request body as JSON with 'Content-Type: application/json'.",
        });
    }

    private static JsonObject Problem(string detail, string key, string message) => new()
    {
        ["type"] = BadRequestType,
        ["title"] = ValidationTitle,
        ["status"] = 400,
        ["detail"] = detail,
        ["errors"] = new JsonObject { [key] = new JsonArray(message) },
    };
}
