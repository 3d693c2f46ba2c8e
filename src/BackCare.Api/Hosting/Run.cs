using Microsoft.AspNetCore.Connections;

namespace BackCare.Api.Hosting;

public static class Run
{
    /// <summary>
    /// Runs the app until it is stopped. An address that is already in use (a second <c>dotnet run</c>, say) is one line saying which
    /// and how to choose another, and exit code 1, rather than an unhandled exception and its stack trace.
    /// </summary>
    public static int RunOrExplain(this WebApplication app)
    {
        try
        {
            app.Run();
            return 0;
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            Console.Error.WriteLine($"BackCare cannot start: {e.Message} Stop what listens there, or choose another address: " +
                                    "dotnet run --project src/BackCare.Api --urls http://localhost:5090");
            return 1;
        }
    }
}
