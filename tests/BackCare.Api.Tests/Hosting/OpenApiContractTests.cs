using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace BackCare.Api.Tests.Hosting;

/// <summary>The OpenAPI document is the contract partners generate clients from: every operation, response and schema must say what the API does.</summary>
[Collection("api")]
public sealed class OpenApiContractTests(ApiFactory factory)
{
    private static readonly string[] ReasonPhrases =
        ["OK", "Bad Request", "Unauthorized", "Not Found", "Payload Too Large", "Unsupported Media Type", "Too Many Requests", "Internal Server Error", "Service Unavailable"];

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task The_document_matches_its_snapshot()
    {
        var response = await _client.GetAsync("/openapi/v1.json");

        Snapshot.Match(JToken.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Info_names_the_API_says_it_is_not_a_diagnosis_and_has_a_contact_and_a_licence_and_no_absolute_server()
    {
        var document = await DocumentAsync();
        var info = document["info"]!;

        Assert.Equal("BackCare triage API", info["title"]!.GetValue<string>());
        Assert.Equal("v1", info["version"]!.GetValue<string>());
        Assert.Contains("not a diagnosis", info["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(info["contact"]?["name"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(info["license"]?["name"]?.GetValue<string>()));
        foreach (var server in document["servers"]?.AsArray() ?? [])
        {
            Assert.StartsWith("/", server!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/v1/exercises", "get", "listExercises", "Exercises", "200 400 401 429")]
    [InlineData("/v1/exercises/{id}", "get", "getExercise", "Exercises", "200 401 404 429")]
    [InlineData("/v1/assessments", "post", "createAssessment", "Assessments", "200 400 401 413 415 429 500 503")]
    [InlineData("/v1/assessments/batch", "post", "createAssessmentBatch", "Assessments", "200 400 401 413 415 429 500 503")]
    [InlineData("/v1/questions", "get", "listQuestions", "Assessments", "200 401 429 503")]
    [InlineData("/v1/rules", "get", "listRules", "Rules", "200 401 429 503")]
    [InlineData("/v1/rules/{id}", "get", "getRule", "Rules", "200 401 404 429 503")]
    [InlineData("/v1/ruleset", "get", "getRuleset", "Rules", "200 401 429 503")]
    public async Task Each_operation_has_its_id_tag_summary_description_and_every_response_it_can_give(
        string path, string method, string operationId, string tag, string statuses)
    {
        var operation = (await DocumentAsync())["paths"]![path]![method]!;

        Assert.Equal(operationId, operation["operationId"]!.GetValue<string>());
        Assert.Equal([tag], operation["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(operation["description"]?.GetValue<string>()));
        Assert.Equal(statuses.Split(' '), operation["responses"]!.AsObject().Select(r => r.Key));
    }

    [Fact]
    public async Task The_document_has_exactly_the_fifteen_operations()
    {
        var operations = Operations(await DocumentAsync()).Select(o => o.Operation["operationId"]!.GetValue<string>());

        Assert.Equal([
            "listExercises", "getExercise", "createAssessment", "createAssessmentBatch", "listQuestions", "getRuleset", "listRules", "getRule",
            "getFhirCapabilities", "getFhirQuestionnaire", "getFhirTriageDefinition", "triageFhirQuestionnaireResponse",
            "discoverCdsServices", "callCdsService", "sendCdsFeedback",
        ], operations);
    }

    [Fact]
    public async Task Every_operation_but_the_FHIR_metadata_takes_the_API_key_or_for_CDS_Hooks_the_clients_JWT_and_each_can_answer_429_with_Retry_After()
    {
        var document = await DocumentAsync();
        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;

        Assert.Equal("apiKey", scheme["type"]!.GetValue<string>());
        Assert.Equal("header", scheme["in"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", scheme["name"]!.GetValue<string>());
        var jwt = document["components"]!["securitySchemes"]!["CdsHooksJwt"]!;
        Assert.Equal(("http", "bearer", "JWT"), (jwt["type"]!.GetValue<string>(), jwt["scheme"]!.GetValue<string>(), jwt["bearerFormat"]!.GetValue<string>()));
        Assert.NotNull(document["components"]!["responses"]!["TooManyRequests"]!["headers"]!["Retry-After"]);
        foreach (var (path, _, operation) in Operations(document))
        {
            Assert.Equal("#/components/responses/TooManyRequests", operation["responses"]!["429"]!["$ref"]!.GetValue<string>());
            if (path == "/fhir/metadata")
            {
                // A FHIR server's CapabilityStatement is read before anything else, without credentials.
                Assert.Null(operation["security"]);
                Assert.Null(operation["responses"]!["401"]);
                continue;
            }

            if (path.StartsWith("/cds-services", StringComparison.Ordinal))
            {
                // An EHR signs a JWT where CDS Hooks clients are configured; otherwise the API key stands, as on the rest of the API.
                Assert.Equal(["CdsHooksJwt", "ApiKey"], operation["security"]!.AsArray().Select(s => Assert.Single(s!.AsObject()).Key));
                Assert.Contains("JWT", operation["responses"]!["401"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
                continue;
            }

            var security = Assert.Single(operation["security"]!.AsArray())!.AsObject();
            Assert.Equal([], Assert.Single(security, s => s.Key == "ApiKey").Value!.AsArray());
            Assert.Equal("#/components/responses/Unauthorized", operation["responses"]!["401"]!["$ref"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Every_error_response_is_a_problem_and_every_400_a_validation_problem_with_errors_but_FHIR_answers_OperationOutcomes()
    {
        var document = await DocumentAsync();
        foreach (var (path, method, operation) in Operations(document))
        {
            foreach (var (status, reference) in operation["responses"]!.AsObject().Where(r => r.Key[0] is '4' or '5'))
            {
                var response = Resolve(document, reference!);
                var content = Assert.Single(response["content"]!.AsObject());
                if (path.StartsWith("/fhir/", StringComparison.Ordinal) && status is not ("401" or "429"))
                {
                    Assert.Equal("application/fhir+json", content.Key);
                    Assert.Contains("OperationOutcome", content.Value!["schema"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
                    continue;
                }

                Assert.Equal("application/problem+json", content.Key);
                var schema = content.Value!["schema"]!["$ref"]!.GetValue<string>();
                // A CDS Hooks call is refused whole (it is the EHR's request, not a form): a plain problem.
                var isValidation = status == "400" && !path.StartsWith("/cds-services", StringComparison.Ordinal);
                Assert.True(schema == (isValidation ? "#/components/schemas/HttpValidationProblemDetails" : "#/components/schemas/ProblemDetails"),
                    $"{method} {path} {status} uses {schema}.");
            }
        }

        var validation = document["components"]!["schemas"]!["HttpValidationProblemDetails"]!;
        Assert.Equal(["type", "title", "status", "detail", "errors"], Strings(validation["required"]));
        Assert.Equal(["type", "title", "status", "detail"], Strings(document["components"]!["schemas"]!["ProblemDetails"]!["required"]));
    }

    [Fact]
    public async Task Every_response_and_parameter_says_what_it_means_beyond_the_reason_phrase()
    {
        var document = await DocumentAsync();
        foreach (var (path, method, operation) in Operations(document))
        {
            foreach (var (status, reference) in operation["responses"]!.AsObject())
            {
                var description = Resolve(document, reference!)["description"]?.GetValue<string>();
                Assert.False(string.IsNullOrWhiteSpace(description) || ReasonPhrases.Contains(description), $"{method} {path} {status}: '{description}'.");
            }

            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                Assert.False(string.IsNullOrWhiteSpace(parameter!["description"]?.GetValue<string>()), $"{method} {path} {parameter["name"]}.");
            }
        }
    }

    [Fact]
    public async Task Every_schema_and_every_property_has_a_description()
    {
        var missing = new List<string>();
        foreach (var (name, schema) in (await DocumentAsync())["components"]!["schemas"]!.AsObject())
        {
            CollectUndescribed(name, schema!, missing);
        }

        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("Answer", "no unsure yes")]
    [InlineData("Grade", "self_care caution avoid_self_adjustment consult urgent emergency")]
    [InlineData("Region", "lumbar thoracic")]
    [InlineData("Movement", "rotation extension flexion")]
    [InlineData("RuleKind", "red_flag contraindication caution")]
    [InlineData("Certainty", "reported unsure")]
    [InlineData("AnswerType", "answer integer region")]
    public async Task Each_enum_is_a_named_string_schema_with_its_snake_case_values(string name, string values)
    {
        var schema = (await DocumentAsync())["components"]!["schemas"]![name]!;

        Assert.Equal("string", schema["type"]!.GetValue<string>());
        Assert.Equal(values.Split(' '), Strings(schema["enum"]));
    }

    [Fact]
    public async Task Enums_appear_only_as_named_schemas_so_generated_clients_share_one_type()
    {
        var document = await DocumentAsync();
        var inline = new List<string>();
        FindInlineEnums(document, "#", inline);

        Assert.Empty(inline);
    }

    [Fact]
    public async Task The_request_schema_requires_and_bounds_exactly_what_the_questionnaire_says()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;
        var request = schemas["AssessmentRequest"]!;
        var questions = JsonNode.Parse(await _client.GetStringAsync("/v1/questions"))!.AsArray();

        foreach (var question in questions.Select(q => q!))
        {
            var id = question["id"]!.GetValue<string>();
            var (groupName, leafName) = (id.Split('.')[0], id.Split('.')[1]);
            var group = Resolve(document, request["properties"]![groupName]!);
            var leaf = group["properties"]![leafName]!;
            var required = question["required"]!.GetValue<bool>();

            Assert.Equal(required, Strings(group["required"]).Contains(leafName));
            Assert.Equal(question["minimum"]?.GetValue<int>(), leaf["minimum"]?.GetValue<int>());
            Assert.Equal(question["maximum"]?.GetValue<int>(), leaf["maximum"]?.GetValue<int>());
            if (required)
            {
                Assert.Contains(groupName, Strings(request["required"]));
            }
        }

        Assert.Equal(["redFlags", "conditions", "pain"], Strings(request["required"]));
        Assert.Equal(["durationDays"], Strings(schemas["PainAnswers"]!["required"]));
        Assert.Null(schemas["SelfAdjustmentAnswers"]!["required"]);
    }

    [Fact]
    public async Task Request_properties_are_their_plain_types_without_null()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;
        foreach (var name in new[] { "AssessmentRequest", "RedFlagAnswers", "ConditionAnswers", "PainAnswers", "SelfAdjustmentAnswers" })
        {
            foreach (var (property, schema) in schemas[name]!["properties"]!.AsObject())
            {
                var text = schema!.ToJsonString();
                Assert.False(text.Contains("null", StringComparison.Ordinal) || schema["oneOf"] is not null, $"{name}.{property} is nullable: {text}");
                Assert.True(schema["$ref"] is not null || schema["type"]?.GetValue<string>() == "integer", $"{name}.{property}: {text}");
            }
        }
    }

    [Fact]
    public async Task Every_property_of_a_response_body_is_required_so_clients_never_guess()
    {
        var document = await DocumentAsync();
        var responseSchemas = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (_, _, operation) in Operations(document))
        {
            CollectReferences(document, operation["responses"]!["200"]!, responseSchemas);
        }

        Assert.Superset(new SortedSet<string>
        {
            "AssessmentResponse", "AssessmentBatchResponse", "AssessmentBatchHeader", "AssessmentBatchItemGraded", "AssessmentBatchItemNotGraded", "BatchAssessment",
            "BatchItemProblem", "Exercise", "Question", "RuleDefinition",
        }, responseSchemas);
        foreach (var name in responseSchemas)
        {
            var schema = document["components"]!["schemas"]![name]!;
            if (schema["properties"] is JsonObject properties)
            {
                Assert.Equal(properties.Select(p => p.Key).Order(StringComparer.Ordinal), Strings(schema["required"]).Order(StringComparer.Ordinal));
            }
        }
    }

    [Fact]
    public async Task The_example_answer_is_what_the_API_answers_to_the_example_request()
    {
        var media = (await DocumentAsync())["paths"]!["/v1/assessments"]!["post"]!;
        var request = media["requestBody"]!["content"]!["application/json"]!["examples"]!["disc-problem"]!["value"]!;
        var documented = media["responses"]!["200"]!["content"]!["application/json"]!["examples"]!["disc-problem"]!["value"]!.AsObject();

        var response = await _client.PostAsync("/v1/assessments", new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var actual = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(Guid.TryParse(actual["assessmentId"]!.GetValue<string>(), out _));
        Assert.NotEqual(documented["assessmentId"]!.GetValue<string>(), actual["assessmentId"]!.GetValue<string>());
        var (expected, got) = (documented.DeepClone().AsObject(), actual.DeepClone().AsObject());
        expected.Remove("assessmentId");
        got.Remove("assessmentId");
        Assert.True(JsonNode.DeepEquals(expected, got), $"Documented:\n{expected.ToJsonString()}\nServed:\n{got.ToJsonString()}");
        Assert.Equal("caution", got["grade"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("intake-list", null, "caution emergency self_care")]
    [InlineData("an-invalid-item", "disc-problem", "caution 400")]
    public async Task The_batch_examples_are_what_the_API_answers(string example, string? requestOf, string outcomes)
    {
        var document = await DocumentAsync();
        var operation = document["paths"]!["/v1/assessments/batch"]!["post"]!;
        var documented = operation["responses"]!["200"]!["content"]!["application/json"]!["examples"]![example]!["value"]!.AsObject();
        // The invalid item's request cannot be a request example (it does not match the request schema): it is the disc-problem example misspelt.
        var request = requestOf is null
            ? operation["requestBody"]!["content"]!["application/json"]!["examples"]![example]!["value"]!.AsArray()
            : MisspeltAfter(document["paths"]!["/v1/assessments"]!["post"]!["requestBody"]!["content"]!["application/json"]!["examples"]![requestOf]!["value"]!);

        var response = await _client.PostAsync("/v1/assessments/batch", new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (expected, got) = (WithoutIds(documented), WithoutIds((await response.Content.ReadFromJsonAsync<JsonObject>())!));
        Assert.True(JsonNode.DeepEquals(expected, got), $"Documented:\n{expected.ToJsonString()}\nServed:\n{got.ToJsonString()}");
        Assert.Equal(outcomes.Split(' '), got["results"]!.AsArray().Select(r => (r!["assessment"]?["grade"] ?? r["problem"]!["status"])!.ToJsonString().Trim('"')));
    }

    [Fact]
    public async Task A_batch_assessment_has_the_members_of_the_single_answer_but_the_stamp_and_the_disclaimer_described_alike()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;
        var single = schemas["AssessmentResponse"]!["properties"]!.AsObject();
        var batched = schemas["BatchAssessment"]!["properties"]!.AsObject();

        Assert.Equal(single.Select(p => p.Key).Except(["ruleset", "disclaimer"]), batched.Select(p => p.Key));
        Assert.All(batched, p => Assert.True(JsonNode.DeepEquals(single[p.Key], p.Value), $"{p.Key}: {single[p.Key]!.ToJsonString()} vs {p.Value!.ToJsonString()}"));
        Assert.Equal(["graded", "not_graded"], schemas["AssessmentBatchItem"]!["discriminator"]!["mapping"]!.AsObject().Select(m => m.Key));
        var request = document["paths"]!["/v1/assessments/batch"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal((1, 1000), (request["minItems"]!.GetValue<int>(), request["maxItems"]!.GetValue<int>()));
        Assert.Equal("#/components/schemas/AssessmentRequest", request["items"]!["$ref"]!.GetValue<string>());
        var operation = document["paths"]!["/v1/assessments/batch"]!["post"]!;
        Assert.Equal(["application/json", "application/x-ndjson"], operation["requestBody"]!["content"]!.AsObject().Select(c => c.Key));
        Assert.Equal(["application/json", "application/x-ndjson"], operation["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key));
        Assert.Equal(["#/components/schemas/AssessmentBatchHeader", "#/components/schemas/AssessmentBatchItem"],
            operation["responses"]!["200"]!["content"]!["application/x-ndjson"]!["schema"]!["oneOf"]!.AsArray().Select(r => r!["$ref"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_example_request_is_pre_filled_and_the_path_parameters_have_examples_for_Swagger_UI()
    {
        var paths = (await DocumentAsync())["paths"]!;

        Assert.NotNull(paths["/v1/assessments"]!["post"]!["requestBody"]!["content"]!["application/json"]!["examples"]!["disc-problem"]!["value"]);
        Assert.Equal("double-knee-to-chest", paths["/v1/exercises/{id}"]!["get"]!["parameters"]![0]!["example"]!.GetValue<string>());
        Assert.Equal("RF-CAUDA-EQUINA", paths["/v1/rules/{id}"]!["get"]!["parameters"]![0]!["example"]!.GetValue<string>());
    }

    private static JsonArray MisspeltAfter(JsonNode example)
    {
        var misspelt = example.DeepClone();
        misspelt["redFlags"]!.AsObject().Remove("saddleAnesthesia");
        misspelt["redFlags"]!["saddleAnaesthesia"] = "no";
        return [example.DeepClone(), misspelt];
    }

    /// <summary>A batch answer less what differs on every call by design: each assessment's id and each problem's trace id.</summary>
    private static JsonObject WithoutIds(JsonObject batch)
    {
        var copy = batch.DeepClone().AsObject();
        foreach (var result in copy["results"]!.AsArray())
        {
            (result!["assessment"] as JsonObject)?.Remove("assessmentId");
            (result["problem"] as JsonObject)?.Remove("traceId");
        }

        return copy;
    }

    private async Task<JsonObject> DocumentAsync() =>
        JsonNode.Parse(await _client.GetStringAsync("/openapi/v1.json"))!.AsObject();

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => (path.Key, op.Key, op.Value!)));

    private static JsonNode Resolve(JsonObject document, JsonNode node)
    {
        if (node["$ref"]?.GetValue<string>() is not { } reference)
        {
            return node;
        }

        var target = reference["#/".Length..].Split('/').Aggregate((JsonNode)document, (current, segment) => current[segment]!);
        return Resolve(document, target);
    }

    private static string[] Strings(JsonNode? array) => array?.AsArray().Select(v => v!.GetValue<string>()).ToArray() ?? [];

    private static void CollectUndescribed(string path, JsonNode schema, List<string> missing)
    {
        if (string.IsNullOrWhiteSpace(schema["description"]?.GetValue<string>()))
        {
            missing.Add(path);
        }

        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            CollectUndescribed($"{path}.{name}", property!, missing);
        }
    }

    private static void FindInlineEnums(JsonNode node, string pointer, List<string> inline)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj.ContainsKey("enum") && !System.Text.RegularExpressions.Regex.IsMatch(pointer, "^#/components/schemas/[A-Za-z]+$"))
                {
                    inline.Add(pointer);
                }

                foreach (var (key, child) in obj)
                {
                    if (child is not null && !pointer.Contains("/examples/", StringComparison.Ordinal))
                    {
                        FindInlineEnums(child, $"{pointer}/{key}", inline);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        FindInlineEnums(item, $"{pointer}/{i}", inline);
                    }
                }

                break;
        }
    }

    /// <summary>Every component schema reachable from <paramref name="node"/>, following $refs.</summary>
    private static void CollectReferences(JsonObject document, JsonNode node, ISet<string> names)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal)
                    && names.Add(reference["#/components/schemas/".Length..]))
                {
                    CollectReferences(document, Resolve(document, obj), names);
                }

                foreach (var (key, child) in obj)
                {
                    if (child is not null && key is not "examples" and not "example")
                    {
                        CollectReferences(document, child, names);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>())
                {
                    CollectReferences(document, item, names);
                }

                break;
        }
    }
}
