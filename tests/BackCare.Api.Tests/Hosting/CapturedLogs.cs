using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace BackCare.Api.Tests.Hosting;

/// <summary>One log entry as a provider sees it: the rendered line, its structured values and any exception.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Values, string? Exception)
{
    /// <summary>Everything a log sink could write for this entry.</summary>
    public string Everything => $"{Category} {EventId} {Message} {string.Join(' ', Values.Select(v => $"{v.Key}={v.Value}"))} {Exception}";
}

/// <summary>Records every log entry of an app, at every level, in memory.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    /// <summary>A copy of <paramref name="factory"/> whose logs, down to Trace in every category, land here.</summary>
    public WebApplicationFactory<Program> Attach(WebApplicationFactory<Program> factory, Action<IWebHostBuilder>? configure = null) =>
        factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Logging:LogLevel:Default", "Trace");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
            builder.ConfigureLogging(logging => logging.AddProvider(this));
            configure?.Invoke(builder);
        });

    /// <summary>Waits (up to 10 s) for an entry: request lines are written once the response has completed, just after the client has it.</summary>
    public async Task<LogEntry> WaitForAsync(Func<LogEntry, bool> match)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(10); waited += TimeSpan.FromMilliseconds(20))
        {
            if (_entries.FirstOrDefault(match) is { } entry)
            {
                return entry;
            }

            await Task.Delay(20);
        }

        throw new Xunit.Sdk.XunitException($"No such log entry among {_entries.Count}:\n{string.Join('\n', _entries.Select(e => e.Message))}");
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            // Scopes reach a sink too (when it includes them), so they are recorded like entries.
            logs._entries.Enqueue(new LogEntry(category, LogLevel.None, default, $"scope: {state}",
                (state as IEnumerable<KeyValuePair<string, object?>> ?? []).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal), null));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            logs._entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception),
                values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal), exception?.ToString()));
        }
    }
}
