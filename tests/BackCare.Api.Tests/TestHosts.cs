using System.Runtime.CompilerServices;

namespace BackCare.Api.Tests;

internal static class TestHosts
{
    /// <summary>
    /// Before any host is built: the tests' hosts read appsettings.json once instead of watching it. Each watching host holds an
    /// inotify instance, and the suite's hundred hosts would come close to the usual limit of 128 per user. The rule-set reload
    /// tests watch the rule files, which is a watcher of the app's own.
    /// </summary>
#pragma warning disable CA2255 // A test assembly's process-wide setting, made once before any test.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void ReadSettingsOnce() => Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}
