using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;

namespace BackCare.Api.CdsHooks;

/// <summary>
/// The EHR FHIR servers BackCare may fetch a missing prefetch from, <c>CdsHooks:FhirServers</c>: base URLs, https (http only in
/// Development), checked at start-up. A call naming any other <c>fhirServer</c> is answered 412 without a request to it.
/// </summary>
public sealed class CdsFhirServers
{
    private readonly HashSet<string> _allowed = new(StringComparer.OrdinalIgnoreCase);

    public CdsFhirServers(IConfiguration configuration, bool development)
    {
        var listed = configuration.GetSection(CdsHooksSettings.Section).Get<CdsHooksSettings>()?.FhirServers ?? [];
        var refused = listed.Where(url => !CdsClients.IsAllowed(url, development)).ToList();
        if (refused.Count > 0)
        {
            throw new InvalidOperationException($"{CdsHooksSettings.Section}:FhirServers must list absolute https URLs{(development ? " (or http in Development)" : "")}: " +
                                                $"{string.Join(", ", refused.Select(u => $"'{u}'"))} is not one.");
        }

        _allowed.UnionWith(listed.Select(Normal));
    }

    public bool Allows(string? fhirServer) => fhirServer is not null && _allowed.Contains(Normal(fhirServer));

    private static string Normal(string url) => url.Trim().TrimEnd('/');
}

/// <summary>
/// Fetches the prefetch keys an EHR did not send from its <c>fhirServer</c>, with the bearer token of its <c>fhirAuthorization</c>,
/// through a resilient <see cref="HttpClient"/> with a short timeout (one retry, a circuit breaker per server, no redirects so the
/// token goes nowhere else, at most 4 MiB). Neither the URL (it names the patient) nor the token is logged.
/// </summary>
public sealed partial class CdsFetch(IHttpClientFactory http, CdsFhirServers servers, ILogger<CdsFetch> logger)
{
    public const string HttpClientName = "cds-hooks-fhir";

    /// <summary>The time a whole fetch may take, its retry included: the EHR is waiting for the cards.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private const int MaxResponseBytes = 4 * 1024 * 1024;

    public static IServiceCollection AddCdsFetch(IServiceCollection services, IConfiguration configuration, bool development)
    {
        services.AddSingleton(new CdsFhirServers(configuration, development));
        services.AddSingleton<CdsFetch>();
        services.AddHttpClient(HttpClientName, client => client.MaxResponseContentBufferSize = MaxResponseBytes)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            // The factory's own request log would write the URL, which names the patient.
            .RemoveAllLoggers()
            .AddStandardResilienceHandler(options =>
            {
                options.TotalRequestTimeout.Timeout = Timeout;
                options.AttemptTimeout.Timeout = Timeout / 2.5;
                options.Retry.MaxRetryAttempts = 1;
                options.Retry.Delay = TimeSpan.FromMilliseconds(100);
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(10);
            })
            // One EHR's failing server must not open the circuit for the others.
            .SelectPipelineByAuthority();
        return services;
    }

    /// <summary>
    /// Fills each missing key of the call's prefetch by its discovery template; null when all were fetched, else why not (the 412's
    /// detail, naming neither the patient nor the token).
    /// </summary>
    public async Task<string?> FillAsync(CdsRequest request, JsonObject prefetch, IReadOnlyList<string> missing, IReadOnlyDictionary<string, string> templates,
        string patientId, CancellationToken cancellationToken)
    {
        var keys = string.Join(" and ", missing.Select(k => $"'{k}'"));
        if (request.FhirServer is not { } server)
        {
            return $"Prefetch {keys} was not sent, and the call names no fhirServer to fetch it from: send the prefetch discovery lists.";
        }

        if (!servers.Allows(server))
        {
            return $"Prefetch {keys} was not sent, and fhirServer is not one this deployment fetches from (CdsHooks:FhirServers): send the prefetch discovery lists.";
        }

        var token = request.FhirAuthorization?["access_token"] is JsonValue value && value.TryGetValue<string>(out var t) && t.Length > 0 ? t : null;
        var fetched = await Task.WhenAll(missing.Select(key => FetchAsync(server, templates[key].Replace("{{context.patientId}}", Uri.EscapeDataString(patientId)), token, cancellationToken)));
        if (fetched.FirstOrDefault(f => f.Failure is not null).Failure is { } failure)
        {
            return $"Prefetch {keys} was not sent, and fetching it from fhirServer failed ({failure}).";
        }

        foreach (var (key, (resource, _)) in missing.Zip(fetched))
        {
            prefetch[key] = resource;
        }

        return null;
    }

    private async Task<(JsonNode? Resource, string? Failure)> FetchAsync(string server, string query, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{server.TrimEnd('/')}/{query}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogFailed(logger, $"HTTP {(int)response.StatusCode}");
                return (null, $"HTTP {(int)response.StatusCode}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return (await JsonNode.ParseAsync(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }, cancellationToken: cancellationToken), null);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or ExecutionRejectedException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var failure = e switch
            {
                JsonException => "the answer is not JSON",
                BrokenCircuitException => "it has been failing; BackCare waits before calling it again",
                HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } => "the answer is over 4 MiB",
                HttpRequestException => "it could not be reached",
                _ => $"no answer within {Timeout.TotalSeconds:0} s",
            };
            LogFailed(logger, failure);
            return (null, failure);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "CDS Hooks: a prefetch could not be fetched from the EHR's FHIR server: {Failure}")]
    private static partial void LogFailed(ILogger logger, string failure);
}
