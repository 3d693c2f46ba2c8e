using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BackCare.Api.Tests.Fhir;

/// <summary>The CapabilityStatement, the Questionnaire and the OperationDefinition: as specified, and valid R4.</summary>
[Collection("api")]
public sealed class FhirResourceTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task The_capability_statement_offers_the_questionnaire_and_triage_and_is_valid_R4()
    {
        var capabilities = await (await _client.GetAsync("/fhir/metadata")).ReadResourceAsync<CapabilityStatement>(HttpStatusCode.OK);

        FhirValidation.AssertValid(capabilities);
        Assert.Equal(FHIRVersion.N4_0_1, capabilities.FhirVersion);
        var rest = Assert.Single(capabilities.Rest);
        Assert.Equal(["Questionnaire", "OperationDefinition", "QuestionnaireResponse"], rest.Resource.Select(r => r.Type));
        var triage = Assert.Single(rest.Resource[2].Operation);
        Assert.Equal(("triage", "https://backcare.example.org/fhir/OperationDefinition/triage"), (triage.Name, triage.Definition));
    }

    [Fact]
    public async Task The_operation_definition_of_triage_is_valid_R4()
    {
        var definition = await (await _client.GetAsync("/fhir/OperationDefinition/triage")).ReadResourceAsync<OperationDefinition>(HttpStatusCode.OK);

        FhirValidation.AssertValid(definition);
        Assert.Equal("triage", definition.Code);
        Assert.Equal([("response", "In"), ("grade", "Out"), ("guidance", "Out"), ("finding", "Out"), ("exercise", "Out")],
            definition.Parameter.Select(p => (p.Name, p.Use.ToString()!)));
    }

    [Fact]
    public async Task The_questionnaire_is_valid_R4_and_asks_exactly_the_questions_of_v1_questions()
    {
        var questionnaire = await (await _client.GetAsync("/fhir/Questionnaire/backcare-screening")).ReadResourceAsync<Questionnaire>(HttpStatusCode.OK);
        var questions = (await _client.GetFromJsonAsync<JsonArray>("/v1/questions"))!.Select(q => q!.AsObject()).ToList();

        FhirValidation.AssertValid(questionnaire);
        Assert.Equal(("https://backcare.example.org/fhir/Questionnaire/backcare-screening", "1.0.0", PublicationStatus.Active),
            (questionnaire.Url, questionnaire.Version, questionnaire.Status));
        Assert.Equal(["redFlags", "conditions", "pain", "selfAdjustment"], questionnaire.Item.Select(g => g.LinkId));
        Assert.All(questionnaire.Item, g => Assert.Equal(Questionnaire.QuestionnaireItemType.Group, g.Type));
        Assert.Equal([true, true, true, false], questionnaire.Item.Select(g => g.Required ?? false));
        var items = questionnaire.Item.SelectMany(g => g.Item).ToList();
        Assert.Equal(questions.Select(q => q["id"]!.GetValue<string>()), items.Select(i => i.LinkId));
        foreach (var (question, item) in questions.Zip(items))
        {
            Assert.Equal(question["text"]!.GetValue<string>(), item.Text);
            Assert.Equal(question["required"]!.GetValue<bool>(), item.Required ?? false);
            switch (question["answerType"]!.GetValue<string>())
            {
                case "answer":
                    Assert.Equal(Questionnaire.QuestionnaireItemType.Choice, item.Type);
                    Assert.Equal(["http://terminology.hl7.org/CodeSystem/v2-0532|Y", "http://terminology.hl7.org/CodeSystem/v2-0532|N", "http://terminology.hl7.org/CodeSystem/v2-0532|ASKU"],
                        item.AnswerOption.Select(o => $"{((Coding)o.Value).System}|{((Coding)o.Value).Code}"));
                    break;
                case "region":
                    Assert.Equal(Questionnaire.QuestionnaireItemType.Choice, item.Type);
                    Assert.Equal(["lumbar", "thoracic"], item.AnswerOption.Select(o => ((Coding)o.Value).Code));
                    break;
                default:
                    Assert.Equal(Questionnaire.QuestionnaireItemType.Integer, item.Type);
                    Assert.Equal(question["minimum"]!.GetValue<int>(), Assert.IsType<Integer>(item.GetExtension("http://hl7.org/fhir/StructureDefinition/minValue")?.Value).Value);
                    Assert.Equal(question["maximum"]!.GetValue<int>(), Assert.IsType<Integer>(item.GetExtension("http://hl7.org/fhir/StructureDefinition/maxValue")?.Value).Value);
                    break;
            }
        }

        Assert.Equal("192970008", Assert.Single(items.Single(i => i.LinkId == "redFlags.saddleAnesthesia").Code).Code);
        Assert.Equal("69896004", Assert.Single(items.Single(i => i.LinkId == "conditions.inflammatoryArthritis").Code).Code);
    }
}
