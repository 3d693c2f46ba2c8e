using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Console;

namespace BackCare.Api.Hosting;

/// <summary>
/// Logs as one JSON object per line on standard output, the shape of the framework's JSON console formatter, written in
/// batches: a line is formatted on the thread that logs it and appended to a buffer, and a writer thread writes the buffer
/// every 100 ms, sooner when 128 KiB are waiting, and at once after a warning or worse. The framework's console logger
/// wakes its writer and makes a write for every line, which cost BackCare almost 40% of its throughput with one line per
/// request.
/// </summary>
[ProviderAlias("Console")]
public sealed class JsonLinesLoggerProvider : ILoggerProvider
{
    /// <summary>The most that waits for the writer; past it, lines are dropped and counted rather than slow down answers.</summary>
    public const int MaxPendingBytes = 4 * 1024 * 1024;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Past this much waiting, the writer is woken before the interval is up: many small writes spread better than a few large ones.</summary>
    private const int EagerBytes = 128 * 1024;

    private static readonly JsonWriterOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly Stream _output;
    private readonly Lock _gate = new();
    private readonly AutoResetEvent _urgent = new(false);
    private readonly Thread _writer;
    private readonly Utf8JsonWriter _json;
    private ArrayBufferWriter<byte> _pending = new(64 * 1024);
    private ArrayBufferWriter<byte> _writing = new(64 * 1024);
    private long _dropped;
    private bool _woken;
    private volatile bool _stopping;
    private volatile bool _stopped;

    public JsonLinesLoggerProvider(Stream output)
    {
        _output = output;
        _json = new Utf8JsonWriter(_pending, LineOptions);
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "JSON lines log writer" };
        _writer.Start();
    }

    /// <summary>
    /// Replaces the console logger with this one when the console formatter is <c>json</c> (the default outside Development);
    /// every other setting of <c>Logging</c>, levels included, applies as before.
    /// </summary>
    public static ILoggingBuilder AddJsonLines(ILoggingBuilder logging, IConfiguration configuration)
    {
        if (!string.Equals(configuration["Logging:Console:FormatterName"], ConsoleFormatterNames.Json, StringComparison.OrdinalIgnoreCase))
        {
            return logging;
        }

        foreach (var console in logging.Services.Where(d => d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList())
        {
            logging.Services.Remove(console);
        }

        logging.Services.AddSingleton<ILoggerProvider>(_ => new JsonLinesLoggerProvider(Console.OpenStandardOutput()));
        return logging;
    }

    public ILogger CreateLogger(string categoryName) => new JsonLinesLogger(this, categoryName);

    /// <summary>Writes what is pending and stops the writer; called when the host shuts down.</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        // The event and the JSON writer stay undisposed: a line logged later still has somewhere to go (see Append).
        _stopping = true;
        _urgent.Set();
        if (!_writer.Join(TimeSpan.FromSeconds(5)))
        {
            return;
        }

        // What was logged while the writer wrote its last batch, and the count of what it could not hold, are written here;
        // from now on every line is written as it is logged.
        long dropped;
        lock (_gate)
        {
            _stopped = true;
            WritePending(_pending);
            dropped = _dropped;
            _dropped = 0;
        }

        ReportDropped(dropped);
    }

    private void Append<TState>(string category, LogLevel level, EventId eventId, TState state, Exception? exception, string message)
    {
        lock (_gate)
        {
            if (_pending.WrittenCount > MaxPendingBytes)
            {
                _dropped++;
                return;
            }

            Span<char> timestamp = stackalloc char[32];
            DateTime.UtcNow.TryFormat(timestamp, out var length, "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            _json.Reset(_pending);
            _json.WriteStartObject();
            _json.WriteString("Timestamp", timestamp[..length]);
            _json.WriteNumber("EventId", eventId.Id);
            _json.WriteString("LogLevel", LevelName(level));
            _json.WriteString("Category", category);
            _json.WriteString("Message", message);
            if (exception is not null)
            {
                _json.WriteString("Exception", exception.ToString());
            }

            if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                _json.WriteStartObject("State");
                foreach (var (key, value) in values)
                {
                    WriteValue(key, value);
                }

                _json.WriteEndObject();
            }

            _json.WriteEndObject();
            _json.Flush();
            _pending.Write("\n"u8);
            if (_stopped)
            {
                // Logged after shutdown, with no writer thread left: written at once.
                WritePending(_pending);
                return;
            }

            if (_woken || (level < LogLevel.Warning && _pending.WrittenCount < EagerBytes))
            {
                return;
            }

            _woken = true;
        }

        _urgent.Set();
    }

    private void WriteValue(string key, object? value)
    {
        switch (value)
        {
            case null: _json.WriteNull(key); break;
            case bool b: _json.WriteBoolean(key, b); break;
            case int i: _json.WriteNumber(key, i); break;
            case long l: _json.WriteNumber(key, l); break;
            case double d when double.IsFinite(d): _json.WriteNumber(key, d); break;
            case string s: _json.WriteString(key, s); break;
            default: _json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    private void WriteLoop()
    {
        while (true)
        {
            _urgent.WaitOne(Interval);
            // Read after waking: whatever was logged before Dispose is in the buffer by now.
            var last = _stopping;
            long dropped;
            lock (_gate)
            {
                (_pending, _writing) = (_writing, _pending);
                dropped = _dropped;
                _dropped = 0;
                _woken = false;
            }

            WritePending(_writing);
            ReportDropped(dropped);

            if (last)
            {
                return;
            }
        }
    }

    private void ReportDropped(long dropped)
    {
        if (dropped > 0)
        {
            Append(typeof(JsonLinesLoggerProvider).FullName!, LogLevel.Warning, default, (object?)null, null,
                $"{dropped} log line(s) dropped: standard output did not keep up.");
        }
    }

    private void WritePending(ArrayBufferWriter<byte> lines)
    {
        try
        {
            _output.Write(lines.WrittenSpan);
            _output.Flush();
        }
        catch (IOException)
        {
            // Standard output is gone (a closed pipe): there is nowhere left to log to.
        }

        lines.ResetWrittenCount();
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "Trace",
        LogLevel.Debug => "Debug",
        LogLevel.Information => "Information",
        LogLevel.Warning => "Warning",
        LogLevel.Error => "Error",
        LogLevel.Critical => "Critical",
        _ => "None",
    };

    private sealed class JsonLinesLogger(JsonLinesLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Append(category, logLevel, eventId, state, exception, formatter(state, exception));
            }
        }
    }
}
