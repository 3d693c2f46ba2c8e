using BackCare.Api.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BackCare.Api.Tests;

/// <summary>The API as it ships (Production environment), hosted in memory once for every test in the "api" collection.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    // The suite sends thousands of requests as one client; RateLimitTests turn the limit back on where it is under test.
    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseEnvironment("Production").UseSetting(RateLimits.ConfigurationKey, "0");
}

[CollectionDefinition("api")]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>;
