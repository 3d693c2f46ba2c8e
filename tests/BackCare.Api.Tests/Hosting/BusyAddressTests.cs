using System.Diagnostics;

namespace BackCare.Api.Tests.Hosting;

/// <summary>A second copy of the app on an address in use says so in one line and exits, as a newcomer's second `dotnet run` would.</summary>
/// <remarks>In the API collection: starting a second process takes the CPU for a second or two, which must not stall the timing-sensitive tests beside it.</remarks>
[Collection("api")]
public sealed class BusyAddressTests(KestrelApiFactory kestrel) : IClassFixture<KestrelApiFactory>
{
    [Fact]
    public async Task An_address_in_use_is_one_line_naming_it_and_how_to_choose_another_not_a_stack_trace()
    {
        var busy = kestrel.Address;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "BackCare.Api.dll"), "--urls", busy.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production" },
        };
        using var second = Process.Start(start)!;
        var output = second.StandardOutput.ReadToEndAsync();
        var errors = second.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await second.WaitForExitAsync(timeout.Token);

        var printed = (await output + await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(1, second.ExitCode);
        var explained = Assert.Single(printed, line => line.StartsWith("BackCare cannot start:", StringComparison.Ordinal));
        Assert.Contains($":{busy.Port}", explained, StringComparison.Ordinal);
        Assert.Contains("address already in use", explained, StringComparison.Ordinal);
        Assert.Contains("--urls", explained, StringComparison.Ordinal);
        Assert.DoesNotContain(printed, line => line.StartsWith("at ", StringComparison.Ordinal) || line.StartsWith("Unhandled exception", StringComparison.Ordinal));
    }
}
