using System.Text.Json;
using BackCare.Api.Assessments;
using BackCare.Api.CdsHooks;
using BackCare.Api.Contract;
using BackCare.Api.Fhir;
using BackCare.Api.Rules;
using BackCare.Rules;
using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Benchmarks;

/// <summary>
/// What POST /cds-services/backcare-spine-safety does with a patient-view call carrying 20 Conditions and the screening
/// (Requests/cds-patient-view-20-conditions.json, the body of benchmarks/cds-load.sh): the whole handler on the app's own
/// services, from the request body to the written answer, and each stage alone on the previous stage's output.
/// </summary>
[MemoryDiagnoser]
public class CdsHooksBenchmarks
{
    private const string Body = "cds-patient-view-20-conditions";

    private WebApplication _app = null!;
    private IServiceProvider _services = null!;
    private FhirSettings _settings = null!;
    private CdsTriage _triage = null!;
    private CdsFetch _fetch = null!;
    private RuleSetProvider _rules = null!;
    private RuleSet _ruleSet = null!;
    private byte[] _body = null!;
    private CdsRequest _request = null!;
    private IReadOnlyList<Condition> _conditions = null!;
    private IReadOnlyList<QuestionnaireResponse> _screenings = null!;
    private CdsAssessment _assessment = null!;
    private CdsCard _card = null!;
    private string _questionnaireUrl = "";

    [GlobalSetup]
    public async System.Threading.Tasks.Task SetupAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddContract();
        builder.Services.AddRuleSet();
        builder.Services.AddAssessments();
        builder.Services.AddFhir();
        builder.Services.AddAuthorization();
        builder.AddCdsHooks();
        _app = builder.Build();
        _services = _app.Services;

        _settings = _services.GetRequiredService<FhirSettings>();
        _triage = _services.GetRequiredService<CdsTriage>();
        _fetch = _services.GetRequiredService<CdsFetch>();
        _rules = _services.GetRequiredService<RuleSetProvider>();
        if (!await _rules.ReloadAsync())
        {
            throw new InvalidOperationException($"The rule set in {_rules.Directory} did not load.");
        }

        _ruleSet = _rules.Current!;
        _questionnaireUrl = _settings.Canonical($"Questionnaire/{ScreeningQuestionnaire.Id}");
        _body = Workload.Body(Body);

        _request = DeserializeRequest();
        _conditions = PrefetchConditions();
        _screenings = PrefetchScreening();
        _assessment = Assess() ?? throw new InvalidOperationException("The benchmark body graded nothing.");
        _card = Card();

        // The measured call must be the one cds-load.sh makes: a 200 with one caution card, graded from the screening.
        var status = await FullHandler();
        if (status != StatusCodes.Status200OK || _conditions.Count != 20 || _screenings.Count != 1 || !_assessment.Screened)
        {
            throw new InvalidOperationException($"Unexpected call: {status}, {_conditions.Count} conditions, {_screenings.Count} screenings, screened {_assessment.Screened}.");
        }
    }

    [GlobalCleanup]
    public System.Threading.Tasks.Task Cleanup() => _app.DisposeAsync().AsTask();

    /// <summary>The endpoint's own handler, as routing calls it, and its result written to a discarded body.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> FullHandler()
    {
        var http = new DefaultHttpContext { RequestServices = _services };
        http.Request.Method = HttpMethods.Post;
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(_body, writable: false);
        http.Response.Body = Stream.Null;
        var result = await CdsHooksApi.CallAsync(CdsHooksApi.SpineSafety, http.Request, _settings, _triage, _fetch, _rules);
        await result.ExecuteAsync(http);
        return http.Response.StatusCode;
    }

    [Benchmark]
    public CdsRequest DeserializeRequest() => JsonSerializer.Deserialize<CdsRequest>(_body, CdsHooksApi.CdsJson)!;

    [Benchmark]
    public IReadOnlyList<Condition> PrefetchConditions() => CdsPrefetch.Resources<Condition>(_request.Prefetch!["conditions"]);

    [Benchmark]
    public IReadOnlyList<QuestionnaireResponse> PrefetchScreening() => CdsPrefetch.Resources<QuestionnaireResponse>(_request.Prefetch!["screening"]);

    [Benchmark]
    public CdsAssessment? Assess() => _triage.Assess(_ruleSet, _conditions, _screenings);

    [Benchmark]
    public CdsCard Card() => CdsCards.Assessment(_assessment, _ruleSet.Version, _questionnaireUrl);

    [Benchmark]
    public string SerializeResponse() => JsonSerializer.Serialize(new CdsResponse([_card]), CdsHooksApi.CdsJson);
}
