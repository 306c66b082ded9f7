using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Patron.Lifetime.Data;
using Patron.Lifetime.Models;

namespace Patron.Bench;

/// <summary>BG/NBD and Pareto/NBD fit times against SciPy's L-BFGS-B on the same log-likelihoods, in one run.</summary>
/// <remarks>
/// Usage: <c>lifetime [--customers N] [--repeats R] [--seed S] [--dir DIR] [--python PATH] [--skip-peer]</c>.
/// Times are medians of R fits after warm-up: BG/NBD and Pareto/NBD on the CDNOW summary (2,357 customers), then
/// BG/NBD on N customers drawn from the BG/NBD process (default 1,000,000) with the CDNOW parameters.
/// </remarks>
internal static class LifetimeBench
{
    public static int Run(string[] args)
    {
        var customers = int.Parse(BenchArgs.Option(args, "--customers", "1000000"), CultureInfo.InvariantCulture);
        var repeats = int.Parse(BenchArgs.Option(args, "--repeats", "21"), CultureInfo.InvariantCulture);
        var seed = int.Parse(BenchArgs.Option(args, "--seed", "20261121"), CultureInfo.InvariantCulture);
        var dir = BenchArgs.Option(args, "--dir", Path.Combine(Path.GetTempPath(), "patron-bench-lifetime"));
        var python = BenchArgs.Option(args, "--python", File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
        Directory.CreateDirectory(dir);
        var summaryPath = FindAbove(Path.Combine("tests", "data", "cdnow", "cdnow_customers_summary.csv"));
        var summary = CustomerSummaryCsv.Read(summaryPath, TimeUnit.Weeks);
        Console.WriteLine($"lifetime: CDNOW {summary.Count:N0} customers, generated {customers:N0}, {repeats} repeats, {Environment.ProcessorCount} cores");

        for (var i = 0; i < 30; i++)
        {
            BgNbdFitter.Fit(summary);
            ParetoNbdFitter.Fit(summary);
        }

        var (bgSeconds, bg) = Median(repeats, () => BgNbdFitter.Fit(summary));
        var bgCpu = LastCpuSeconds;
        var (pnbdSeconds, pnbd) = Median(repeats, () => ParetoNbdFitter.Fit(summary));
        var pnbdCpu = LastCpuSeconds;
        var truth = new BgNbdModel(0.2425945, 4.4136019, 0.7929199, 2.4258881);
        var (x, tx, t) = BgNbdSimulator.Simulate(truth, customers, 1.0, 78.0, seed);
        var generatedPath = Path.Combine(dir, $"bgnbd_{customers}_{seed}.csv");
        WriteGenerated(generatedPath, x, tx, t);
        BgNbdFitter.Fit(CalibrationRows.Collapse(x, tx, t));
        var (bigSeconds, big) = Median(3, () => BgNbdFitter.Fit(CalibrationRows.Collapse(x, tx, t)));
        var bigCpu = LastCpuSeconds;
        Console.WriteLine($"patron bgnbd cdnow     {Ms(bgSeconds),10} ms (cpu {Ms(bgCpu)} ms)  LL {bg.Fit!.LogLikelihood:F4}  {Params(bg.Fit)}");
        Console.WriteLine($"patron pnbd cdnow      {Ms(pnbdSeconds),10} ms (cpu {Ms(pnbdCpu)} ms)  LL {pnbd.Fit!.LogLikelihood:F4}  {Params(pnbd.Fit)}");
        Console.WriteLine($"patron bgnbd generated {Ms(bigSeconds),10} ms (cpu {Ms(bigCpu)} ms)  LL {big.Fit!.LogLikelihood:F4}  {Params(big.Fit)}");
        if (args.Contains("--skip-peer"))
        {
            return 0;
        }

        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { FindAbove(Path.Combine("bench", "peers", "lifetime_scipy.py")), summaryPath, generatedPath, repeats.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {python}.");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"peer failed with exit code {process.ExitCode}");
            return 1;
        }

        using var peer = JsonDocument.Parse(output);
        Console.WriteLine();
        Console.WriteLine($"{"task",-22} {"patron ms",10} {"scipy ms",10} {"scipy/patron",13} {"cpu patron",11} {"cpu scipy",10} {"LL patron",16} {"LL scipy",16}");
        Row("bgnbd cdnow", bgSeconds, bgCpu, bg.Fit.LogLikelihood, peer.RootElement.GetProperty("bgnbd_cdnow"));
        Row("pareto-nbd cdnow", pnbdSeconds, pnbdCpu, pnbd.Fit.LogLikelihood, peer.RootElement.GetProperty("pnbd_cdnow"));
        Row($"bgnbd {customers / 1e6:0.##}M generated", bigSeconds, bigCpu, big.Fit.LogLikelihood, peer.RootElement.GetProperty("bgnbd_generated"));
        return 0;
    }

    private static void Row(string task, double seconds, double cpu, double ll, JsonElement peer)
    {
        var peerSeconds = peer.GetProperty("seconds").GetDouble();
        var peerCpu = peer.GetProperty("cpu_seconds").GetDouble();
        var peerLl = peer.GetProperty("log_likelihood").GetDouble();
        Console.WriteLine($"{task,-22} {Ms(seconds),10} {Ms(peerSeconds),10} {peerSeconds / seconds,13:0.0} {Ms(cpu),11} {Ms(peerCpu),10} {ll,16:F4} {peerLl,16:F4}");
    }

    // Median wall time and median process CPU time: on a shared machine the CPU time shows the work done.
    private static (double Seconds, T Result) Median<T>(int repeats, Func<T> work)
    {
        var times = new double[repeats];
        var cpu = new double[repeats];
        T result = default!;
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < repeats; i++)
        {
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            result = work();
            times[i] = watch.Elapsed.TotalSeconds;
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        }

        Array.Sort(times);
        Array.Sort(cpu);
        LastCpuSeconds = cpu[repeats / 2];
        return (times[repeats / 2], result);
    }

    private static double LastCpuSeconds { get; set; }

    private static string Ms(double seconds) => (seconds * 1000).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Params(ModelFit fit)
    {
        var parts = new string[fit.Parameters.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = string.Create(CultureInfo.InvariantCulture, $"{fit.ParameterNames[i]}={fit.Parameters[i]:G6}");
        }

        return string.Join(' ', parts);
    }

    private static void WriteGenerated(string path, int[] x, double[] tx, double[] t)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write("x,t_x,T\n");
        for (var i = 0; i < x.Length; i++)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{x[i]},{tx[i]:R},{t[i]:R}\n"));
        }
    }

    // The repository's files (tests/data among them) are found by walking up from the program's folder.
    private static string FindAbove(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relativePath} was not found above {AppContext.BaseDirectory}.");
    }
}
