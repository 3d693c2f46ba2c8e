namespace BackCare.Api.EndToEndTests;

/// <summary>
/// Every end-to-end test class is in this one collection: the app is published once for them all, and they run one after the
/// other, so that the slow-client test's timings and the operated app's rate limits are not disturbed by a neighbour.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PublishedAppCollection : ICollectionFixture<PublishedApp>
{
    public const string Name = "published app";
}

/// <summary>
/// The app published as the Dockerfile publishes it (no build of its own: it is already built, in this configuration), and
/// the copies of it the tests run, each started on first use and stopped at the end of the run.
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    /// <summary>What the operated app accepts in a minute, per key: small enough to reach in a test, and Retry-After is then ⌈60/8⌉ = 8 s.</summary>
    public const int PermitsPerMinute = 8;

    private readonly Lazy<Task<AppProcess>> _plain;
    private readonly Lazy<Task<AppProcess>> _operated;

    public PublishedApp()
    {
        _plain = new Lazy<Task<AppProcess>>(() => AppProcess.StartAsync("plain", Directory, TempDirectory.Create("plain"), new Dictionary<string, string>()));
        _operated = new Lazy<Task<AppProcess>>(StartOperatedAsync);
    }

    public string Directory { get; private set; } = null!;

    /// <summary>The app as shipped, configured by nothing but ASPNETCORE_ENVIRONMENT=Production.</summary>
    public Task<AppProcess> Plain => _plain.Value;

    /// <summary>
    /// The app as an operator configures it through the environment: two API keys, <see cref="PermitsPerMinute"/> requests a minute,
    /// and its own copy of the rule files in <c>rules/</c> of its working directory, reloaded on SIGHUP only.
    /// </summary>
    public Task<AppProcess> Operated => _operated.Value;

    /// <summary>A copy of the app for one test (or test class) alone, configured by <paramref name="environment"/>, which the test stops and disposes of.</summary>
    public Task<AppProcess> StartOwnAsync(string name, IReadOnlyDictionary<string, string>? environment = null) =>
        AppProcess.StartAsync(name, Directory, TempDirectory.Create(name), environment ?? new Dictionary<string, string>());

    public string KeyA { get; } = $"e2e-key-a-{Guid.NewGuid():N}";

    public string KeyB { get; } = $"e2e-key-b-{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        Directory = TempDirectory.Create("publish");
        await Dotnet.RunAsync(Dotnet.RepositoryRoot(), TimeSpan.FromMinutes(3),
            "publish", Path.Combine(Dotnet.RepositoryRoot(), "src", "BackCare.Api"), "-c", Dotnet.Configuration, "--no-build",
            "-o", Directory, "-p:OpenApiGenerateDocuments=false");
    }

    private Task<AppProcess> StartOperatedAsync()
    {
        var workingDirectory = TempDirectory.Create("operated");
        var rules = Path.Combine(workingDirectory, "rules");
        CopyDirectory(Path.Combine(Directory, "rules"), rules);
        return AppProcess.StartAsync("operated", Directory, workingDirectory, new Dictionary<string, string>
        {
            ["Auth__ApiKeys__0"] = KeyA,
            ["Auth__ApiKeys__1"] = KeyB,
            ["RateLimit__PermitsPerMinute"] = PermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Rules__Directory"] = rules,
            ["Rules__ReloadOnChange"] = "false",
        });
    }

    private static void CopyDirectory(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var app in new[] { _plain, _operated }.Where(app => app.IsValueCreated))
        {
            try
            {
                await (await app.Value).DisposeAsync();
            }
            catch (Exception)
            {
                // It never started: StartAsync stopped it and reported why to the tests that needed it.
            }
        }

        TempDirectory.Delete(Directory);
    }
}
