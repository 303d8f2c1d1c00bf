using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using VictimSurvey.Core.Weighting;
using VictimSurvey.Jobs.Files;
using VictimSurvey.Jobs.Weighting;

namespace VictimSurvey.Cli.Commands;

/// <summary>
/// <c>victimsurvey bench weighting</c>: measures calibration in-process and the whole <c>weight</c> command
/// on synthetic national-scale data, and prints the figures as Markdown for docs/benchmarks.md.
/// Speed is measured here, never asserted in unit tests.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "respondents", DefaultValueFactory = _ => 100_000 };
        var runs = new Option<int>("--runs") { Description = "timed runs per measure (after one warm-up)", DefaultValueFactory = _ => 7 };
        var folder = new Option<DirectoryInfo?>("--folder") { Description = "where to write the synthetic files (default: a temporary folder, removed after)" };
        var weighting = new Command("weighting", "Raking and logit calibration of synthetic respondents on 117 margin categories (101 departments, sex × 6 age groups, 4 diplomas).")
        {
            rows, runs, folder,
        };
        weighting.SetAction(parse => Run(parse.GetValue(rows), parse.GetValue(runs), parse.GetValue(folder)?.FullName));
        var estimateRows = new Option<int>("--rows") { Description = "respondents", DefaultValueFactory = _ => 100_000 };
        var estimateRuns = new Option<int>("--runs") { Description = "timed runs (after one warm-up)", DefaultValueFactory = _ => 5 };
        var estimates = new Command("estimates", "Linearization of 30 indicators (20 proportions, 10 ratios) × (national + 101 departments) on calibrated weights.")
        {
            estimateRows, estimateRuns,
        };
        estimates.SetAction(parse => RunEstimates(parse.GetValue(estimateRows), parse.GetValue(estimateRuns)));
        var bootRows = new Option<int>("--rows") { Description = "respondents", DefaultValueFactory = _ => 100_000 };
        var bootReplicates = new Option<int>("--replicates") { Description = "bootstrap replicates", DefaultValueFactory = _ => 500 };
        var bootstrap = new Command("bootstrap", "Replicate weights, each replicate recalibrated by raking on 117 categories, then 30 indicators × 102 domains per replicate.")
        {
            bootRows, bootReplicates,
        };
        bootstrap.SetAction(parse => RunBootstrap(parse.GetValue(bootRows), parse.GetValue(bootReplicates)));
        var bench = new Command("bench", "Benchmarks; figures go to docs/benchmarks.md.");
        bench.Add(weighting);
        bench.Add(estimates);
        bench.Add(bootstrap);
        bench.Add(SampleBench.Create());
        bench.Add(EventBench.Create());
        bench.Add(ResponseBench.Create());
        bench.Add(MonitoringBench.Create());
        bench.Add(RunBench.Create());
        return bench;
    }

    private static int Run(int rows, int runs, string? folder)
    {
        var dir = folder ?? Path.Combine(Path.GetTempPath(), "victimsurvey-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Console.WriteLine(MachineLine());
            Console.WriteLine();
            Console.WriteLine("| measure | method | respondents | iterations | median | min |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|");
            foreach (var (method, bounds) in new[] { ("raking", (string?)null), ("logit", "[0.5, 2.0]") })
            {
                var files = SyntheticWeightingData.Write(dir, rows, method, bounds);
                var (spec, data) = FileWeighting.Load(files.Spec, files.Data);
                var d = data.RequiredColumn("design_weight", "design weight").Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
                var (categorical, numeric) = MarginsBuilder.Build(d.Length, data.Column, spec.Calibration!.Margins, files.Margins, i => $"row {i + 2}");
                var problem = CalibrationProblem.Create(d, categorical, numeric);
                var options = new CalibrationOptions(spec.Calibration.Method, spec.Calibration.Bounds);

                var result = Calibrator.Calibrate(problem, options); // warm-up
                var times = Time(runs, () => result = Calibrator.Calibrate(problem, options));
                Print("calibration in-process", method, rows, result.Iterations.ToString(CultureInfo.InvariantCulture), times);

                var output = Path.Combine(dir, $"weights-{method}.csv");
                RunWeightProcess(files, output); // warm-up (disk cache, JIT of the host)
                Print("`victimsurvey weight` process", method, rows, "", Time(Math.Min(runs, 5), () => RunWeightProcess(files, output)));
            }

            return 0;
        }
        finally
        {
            if (folder is null && Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static int RunEstimates(int rows, int runs)
    {
        var dir = Path.Combine(Path.GetTempPath(), "victimsurvey-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (spec, data) = SyntheticInput(dir, rows);
            var full = WeightingPipeline.Run(spec, data);
            var departments = data.RequiredColumn("department", "department");
            var design = new VictimSurvey.Core.Variance.LinearizationDesign(full.Weights.Select(w => w.Weight).ToArray(), departments, calibration: full.CalibrationProblem);
            var indicators = SyntheticIndicators(rows);
            VictimSurvey.Core.Estimation.DomainPartition[] partitions = [VictimSurvey.Core.Estimation.DomainPartition.Whole(rows), new("department", departments)];
            var results = VictimSurvey.Core.Estimation.BatchEstimation.Estimate(design, indicators, partitions); // warm-up
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var times = Time(runs, () => results = VictimSurvey.Core.Estimation.BatchEstimation.Estimate(design, indicators, partitions));
            var allocated = (GC.GetTotalAllocatedBytes(precise: true) - before) / runs / (1024.0 * 1024.0);
            Console.WriteLine(MachineLine());
            Console.WriteLine();
            Console.WriteLine("| measure | respondents | estimates | median | min | allocated per run | peak working set |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            var sorted = times.Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| linearization, calibrated (raking, 115 columns), 30 indicators × 102 domains | {rows:N0} | {results.Count:N0} | {sorted[sorted.Count / 2]:F0} ms | {sorted[0]:F0} ms | {allocated:F0} MiB | {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F0} MiB |"));

            // The same with nonresponse as a second phase: as many non-respondents as respondents, response groups = departments.
            var twoPhase = new VictimSurvey.Core.Variance.LinearizationDesign(design.Weights, departments, calibration: full.CalibrationProblem)
            {
                Nonresponse = SyntheticNonresponsePhase(departments, full.CalibrationProblem!.DesignWeights),
            };
            results = VictimSurvey.Core.Estimation.BatchEstimation.Estimate(twoPhase, indicators, partitions); // warm-up
            var twoPhaseTimes = Time(Math.Max(1, runs / 3), () => results = VictimSurvey.Core.Estimation.BatchEstimation.Estimate(twoPhase, indicators, partitions)).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| the same with the nonresponse phase ({rows:N0} non-respondents, 101 response groups) | {rows:N0} | {results.Count:N0} | {twoPhaseTimes[twoPhaseTimes.Count / 2]:F0} ms | {twoPhaseTimes[0]:F0} ms |  | {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F0} MiB |"));
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int RunBootstrap(int rows, int replicates)
    {
        var dir = Path.Combine(Path.GetTempPath(), "victimsurvey-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (spec, data) = SyntheticInput(dir, rows);
            var full = WeightingPipeline.Run(spec, data);
            var indicators = SyntheticIndicators(rows);
            var departments = data.RequiredColumn("department", "department");
            VictimSurvey.Core.Estimation.DomainPartition[] partitions = [VictimSurvey.Core.Estimation.DomainPartition.Whole(rows), new("department", departments)];

            // First as the bootstrap SEs are computed: each replicate's estimates right after its weights (the peak
            // working set is read here); then the replicate weights alone, all held at once, as for an export.
            double Peak() => Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
            var watch = Stopwatch.StartNew();
            var estimator = new VictimSurvey.Core.Estimation.PointEstimator(indicators, VictimSurvey.Core.Estimation.BatchEstimation.Layout(indicators, partitions));
            var estimates = VictimSurvey.Core.Estimation.ReplicateWeights.Map(spec, data, full, 2024, 0, replicates, estimator.Estimate);
            var streamed = watch.Elapsed.TotalSeconds;
            var streamedPeak = Peak();
            watch.Restart();
            var weights = VictimSurvey.Core.Estimation.ReplicateWeights.Compute(spec, data, full, 2024, 0, replicates);
            var replicateTime = watch.Elapsed.TotalSeconds;
            Console.WriteLine(MachineLine());
            Console.WriteLine();
            Console.WriteLine("| measure | respondents | replicates | weights + point estimates (3,060 per replicate), streamed | peak working set | replicate weights alone, all held | peak working set |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| rescaling bootstrap, each replicate recalibrated (raking, 117 categories) | {rows:N0} | {replicates} | {streamed:F1} s | {streamedPeak:F0} MiB | {replicateTime:F1} s | {Peak():F0} MiB |"));
            _ = weights;
            _ = estimates;
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void RunWeightProcess(SyntheticWeightingData.Files files, string output)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        }

        foreach (var argument in new[] { "weight", "--spec", files.Spec, "--data", files.Data, "--out", output })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("victimsurvey weight failed: " + errors);
        }
    }

    private static List<double> Time(int runs, Action action)
    {
        var times = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    private static void Print(string measure, string method, int rows, string iterations, List<double> times)
    {
        var sorted = times.Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {measure} | {method} | {rows:N0} | {iterations} | {sorted[sorted.Count / 2]:F0} ms | {sorted[0]:F0} ms |"));
    }

    private static string MachineLine() =>
        string.Create(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {CpuModel()}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd}");

    /// <summary>
    /// A nonresponse phase for the benchmark's respondents: one non-respondent per respondent, in the same
    /// department, response groups = departments, d = a/2 (response probability about one half).
    /// </summary>
    private static VictimSurvey.Core.Variance.NonresponsePhase SyntheticNonresponsePhase(IReadOnlyList<string> departments, double[] startWeights)
    {
        var n = departments.Count;
        var groupOf = departments.Distinct(StringComparer.Ordinal).Select((code, g) => (code, g)).ToDictionary(x => x.code, x => x.g, StringComparer.Ordinal);
        var rowsOfSample = departments.Concat(departments).ToArray();
        var d = startWeights.Concat(startWeights).Select(a => a / 2).ToArray();
        var group = rowsOfSample.Select(code => groupOf[code]).ToArray();
        var eligible = new double[groupOf.Count];
        var responding = new double[groupOf.Count];
        var counts = new (int Eligible, int Respondents)[groupOf.Count];
        for (var row = 0; row < d.Length; row++)
        {
            eligible[group[row]] += d[row];
            counts[group[row]].Eligible++;
            if (row < n)
            {
                responding[group[row]] += d[row];
                counts[group[row]].Respondents++;
            }
        }

        var groups = groupOf.Keys.Select((code, g) => new ResponseGroup(code, counts[g].Eligible, counts[g].Respondents, eligible[g], responding[g])).ToList();
        var adjusted = d.Select((x, row) => row < n ? x * groups[group[row]].Factor : 0).ToArray();
        var result = new NonresponseResult(adjusted, group, groups, []) { DesignWeights = d };
        return new VictimSurvey.Core.Variance.NonresponsePhase(rowsOfSample, null, result, Enumerable.Range(0, n).ToArray());
    }

    /// <summary>The synthetic files read back as a spec and a data table (raking, strata = departments).</summary>
    private static (WeightingSpec Spec, WeightingData Data) SyntheticInput(string dir, int rows)
    {
        var files = SyntheticWeightingData.Write(dir, rows, "raking", null);
        var (read, data) = FileWeighting.Load(files.Spec, files.Data);
        return (read with { Input = read.Input with { Strata = "department" } }, data);
    }

    /// <summary>20 proportions (1 % to 20 %) and 10 reporting ratios (complaints over victims), seeded.</summary>
    private static List<VictimSurvey.Core.Estimation.IndicatorDefinition> SyntheticIndicators(int rows)
    {
        var random = new Random(7);
        double[] Flags(double rate) => Enumerable.Range(0, rows).Select(_ => random.NextDouble() < rate ? 1.0 : 0.0).ToArray();
        var indicators = Enumerable.Range(0, 20).Select(k => new VictimSurvey.Core.Estimation.IndicatorDefinition("p" + k, VictimSurvey.Core.Estimation.EstimateKind.Mean, Flags(0.01 + 0.01 * k))).ToList();
        for (var k = 0; k < 10; k++)
        {
            var victim = Flags(0.05 + 0.01 * k);
            indicators.Add(new("r" + k, VictimSurvey.Core.Estimation.EstimateKind.Ratio, victim.Select(v => v > 0 && random.NextDouble() < 0.5 ? 1.0 : 0.0).ToArray(), victim));
        }

        return indicators;
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
