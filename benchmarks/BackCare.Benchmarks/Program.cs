using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace BackCare.Benchmarks;

public static class Program
{
    /// <summary>
    /// One launch, 4 warm-up and 15 measured iterations: a couple of minutes for the whole suite on 2 cores,
    /// and enough iterations for a stable median. BenchmarkDotNet's own options (<c>--filter</c>, <c>--job</c>...) go after <c>--</c>;
    /// a <c>--job</c> there replaces this one.
    /// </summary>
    public static void Main(string[] args)
    {
        IConfig config = DefaultConfig.Instance;
        if (!args.Any(a => a is "--job" or "-j"))
        {
            config = config.AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(4).WithIterationCount(15).WithId("Triage"));
        }

        config = config
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
            .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
