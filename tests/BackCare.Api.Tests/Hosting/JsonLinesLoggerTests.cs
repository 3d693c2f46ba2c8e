using System.Text;
using System.Text.Json.Nodes;
using BackCare.Api.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace BackCare.Api.Tests.Hosting;

/// <summary>The production log writer: one JSON object per line, in the framework's shape, nothing lost on shutdown.</summary>
public sealed partial class JsonLinesLoggerTests
{
    [Fact]
    public void A_structured_line_is_one_json_object_with_the_framework_fields_and_its_values()
    {
        var output = new MemoryStream();
        using (var provider = new JsonLinesLoggerProvider(output))
        {
            LogRequest(provider.CreateLogger("BackCare.Test"), "POST", 200, 0.84);
        }

        var line = Assert.Single(Lines(output));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", line["Timestamp"]!.GetValue<string>());
        line.Remove("Timestamp");
        Assert.True(JsonNode.DeepEquals(new JsonObject
        {
            ["EventId"] = 7,
            ["LogLevel"] = "Information",
            ["Category"] = "BackCare.Test",
            ["Message"] = "POST answered 200 in 0.84 ms",
            ["State"] = new JsonObject
            {
                ["Method"] = "POST",
                ["StatusCode"] = 200,
                ["DurationMs"] = 0.84,
                ["{OriginalFormat}"] = "{Method} answered {StatusCode} in {DurationMs} ms",
            },
        }, line), line.ToJsonString());
    }

    [Fact]
    public void An_exception_is_written_with_its_type_and_every_line_is_written_before_dispose_returns()
    {
        var output = new MemoryStream();
        using (var provider = new JsonLinesLoggerProvider(output))
        {
            var logger = provider.CreateLogger("BackCare.Test");
            for (var i = 0; i < 1000; i++)
            {
                LogRequest(logger, "GET", i, i);
            }

            logger.LogError(new InvalidOperationException("the reason"), "Something failed");
        }

        var lines = Lines(output);
        Assert.Equal(1001, lines.Count);
        Assert.Equal(Enumerable.Range(0, 1000), lines.Take(1000).Select(l => l["State"]!["StatusCode"]!.GetValue<int>()));
        Assert.Equal("Error", lines[^1]["LogLevel"]!.GetValue<string>());
        Assert.StartsWith("System.InvalidOperationException: the reason", lines[^1]["Exception"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_logged_after_shutdown_is_written_at_once()
    {
        var output = new MemoryStream();
        var provider = new JsonLinesLoggerProvider(output);
        var logger = provider.CreateLogger("BackCare.Test");
        provider.Dispose();

        logger.LogInformation("Stopped");

        Assert.Equal("Stopped", Assert.Single(Lines(output))["Message"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_count_of_lines_dropped_just_before_shutdown_is_written_too()
    {
        var output = new GatedStream();
        var provider = new JsonLinesLoggerProvider(output);
        var logger = provider.CreateLogger("BackCare.Test");
        logger.LogInformation("Before shutdown");
        SpinWait.SpinUntil(() => output.Written.Length > 0, TimeSpan.FromSeconds(10));

        // Standard output stalls on the next batch; shutdown begins meanwhile, and more lines arrive than the writer may hold.
        output.Armed = true;
        logger.LogInformation("At shutdown");
        Assert.True(output.Writing.Wait(TimeSpan.FromSeconds(10)), "The writer never started its next write.");
        var disposing = Task.Run(provider.Dispose);
        await Task.Delay(200);
        logger.LogWarning("Last words");
        var filler = new string('x', 64 * 1024);
        for (var i = 0; i < JsonLinesLoggerProvider.MaxPendingBytes / filler.Length + 8; i++)
        {
            logger.LogInformation("During shutdown {Filler}", filler);
        }

        output.Release.Set();
        await disposing.WaitAsync(TimeSpan.FromSeconds(10));

        var messages = Lines(output.Written).Select(l => l["Message"]!.GetValue<string>()).ToList();
        Assert.Equal(["Before shutdown", "At shutdown", "Last words"], messages.Take(3));
        Assert.Matches(@"^\d+ log line\(s\) dropped: standard output did not keep up\.$", messages[^1]);
    }

    /// <summary>Standard output that, once armed, blocks its next write of lines until released, so that a test can log while the writer is busy.</summary>
    private sealed class GatedStream : Stream
    {
        public MemoryStream Written { get; } = new();

        public volatile bool Armed;

        public ManualResetEventSlim Writing { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Armed && buffer.Length > 0 && !Writing.IsSet)
            {
                Writing.Set();
                Release.Wait(TimeSpan.FromSeconds(30));
            }

            lock (Written)
            {
                Written.Write(buffer);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Written.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData("json", false)]
    [InlineData("simple", true)]
    public void Only_the_json_console_format_is_replaced(string formatter, bool consoleLoggerKept)
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:Console:FormatterName"] = formatter })
            .Build();

        services.AddLogging(logging => JsonLinesLoggerProvider.AddJsonLines(logging.AddConsole(), configuration));

        var provider = Assert.Single(services, d => d.ServiceType == typeof(ILoggerProvider));
        Assert.Equal(consoleLoggerKept, provider.ImplementationType == typeof(ConsoleLoggerProvider));
    }

    private static List<JsonObject> Lines(MemoryStream output) =>
        Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .ToList();

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "{Method} answered {StatusCode} in {DurationMs} ms")]
    private static partial void LogRequest(ILogger logger, string method, int statusCode, double durationMs);
}
