using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Patron.Learning.Data;
using Patron.Learning.Linear;

namespace Patron.Bench;

/// <summary>Logistic regression fit time against scikit-learn's lbfgs on the same generated matrix, in one run: same
/// objective (C·Σ log-loss + ½‖w‖², unscaled features, intercept), same gradient tolerance and iteration cap.</summary>
/// <remarks>Usage: <c>linear [--rows N] [--features P] [--c C] [--tol T] [--max-iter M] [--dir DIR] [--python PATH]
/// [--skip-peer]</c>. Reports both fit times, their ratio, both objective values and the largest coefficient gap.</remarks>
internal static class LinearBench
{
    public static int Run(string[] args)
    {
        var rows = BenchArgs.IntOption(args, "--rows", 1_000_000);
        var features = BenchArgs.IntOption(args, "--features", 50);
        var c = BenchArgs.DoubleOption(args, "--c", 1.0);
        var tol = BenchArgs.DoubleOption(args, "--tol", 1e-4);
        var maxIter = BenchArgs.IntOption(args, "--max-iter", 1000);
        var dir = BenchArgs.Option(args, "--dir", Path.Combine(Path.GetTempPath(), "patron-bench-linear"));
        var python = BenchArgs.Option(args, "--python", File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
        Directory.CreateDirectory(dir);

        var (columns, labels) = Generate(rows, features, seed: 20261121);
        var specs = new FeatureSpec[features];
        for (var j = 0; j < features; j++)
        {
            specs[j] = new FeatureSpec($"f{j}", FeatureKind.Numeric);
        }

        var x = FeatureMatrix.Create(new FeatureSchema(specs), columns);
        var options = new LogisticRegressionOptions { C = c, Standardize = false, Tolerance = tol, MaxIterations = maxIter };
        Console.WriteLine($"linear: {rows} rows x {features} features, C={Format(c)} tol={Format(tol)} max_iter={maxIter}, {Environment.ProcessorCount} cores");

        // Warm-up so the JIT is not billed to the timed fit.
        _ = new LogisticRegressionLearner(options).Fit(x.SelectRows(Range(Math.Min(rows, 20_000))), labels.AsSpan(0, Math.Min(rows, 20_000)), []);

        var learner = new LogisticRegressionLearner(options);
        var watch = Stopwatch.StartNew();
        var model = learner.Fit(x, labels, []);
        var patronSeconds = watch.Elapsed.TotalSeconds;
        var patronObjective = Objective(model, x, labels, c);
        Console.WriteLine($"patron: {patronSeconds:0.000} s, {learner.LastResult.Iterations} iterations, objective {patronObjective:R}");
        if (args.Contains("--skip-peer"))
        {
            return 0;
        }

        var file = Path.Combine(dir, "linear.bin");
        using (var stream = File.Create(file))
        {
            foreach (var column in columns)
            {
                stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(column.AsSpan()));
            }

            stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(labels.AsSpan()));
        }

        var script = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "peers", "linear_sklearn.py");
        if (!File.Exists(script))
        {
            script = Path.Combine("bench", "peers", "linear_sklearn.py");
        }

        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { script, file, rows.ToString(CultureInfo.InvariantCulture), features.ToString(CultureInfo.InvariantCulture), Format(c), Format(tol), maxIter.ToString(CultureInfo.InvariantCulture) })
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
        var root = peer.RootElement;
        var peerSeconds = root.GetProperty("seconds").GetDouble();
        var maxGap = 0.0;
        var k = 0;
        foreach (var coef in root.GetProperty("coef").EnumerateArray())
        {
            maxGap = Math.Max(maxGap, Math.Abs(coef.GetDouble() - model.Terms[k++].Coefficient));
        }

        Console.WriteLine($"sklearn: {peerSeconds:0.000} s, {root.GetProperty("n_iter").GetInt32()} iterations, objective {root.GetProperty("objective").GetDouble():R}");
        Console.WriteLine($"time ratio patron/sklearn = {patronSeconds / peerSeconds:0.00}; max |coef diff| = {maxGap:E2}; objective diff (patron - sklearn) = {patronObjective - root.GetProperty("objective").GetDouble():E2}");
        return 0;
    }

    private static (float[][] Columns, double[] Labels) Generate(int rows, int features, int seed)
    {
        var random = new Random(seed);
        var weights = new double[features];
        for (var j = 0; j < features; j++)
        {
            weights[j] = j % 3 == 0 ? 0 : (random.NextDouble() * 2) - 1;
        }

        var columns = new float[features][];
        var z = new double[rows];
        for (var j = 0; j < features; j++)
        {
            var column = new float[rows];
            var scale = 0.5 + (j % 5);
            for (var i = 0; i < rows; i++)
            {
                // Uniform noise mixed with the previous column gives correlated features on different scales.
                var v = (float)((random.NextDouble() - 0.5) * 2 * scale);
                if (j > 0 && j % 4 == 1)
                {
                    v = (0.5f * v) + (0.5f * columns[j - 1][i]);
                }

                column[i] = v;
                z[i] += weights[j] * v / scale;
            }

            columns[j] = column;
        }

        var labels = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-(z[i] - 0.5))) ? 1 : 0;
        }

        return (columns, labels);
    }

    private static double Objective(LogisticRegressionModel model, FeatureMatrix x, double[] y, double c)
    {
        var raw = new double[x.RowCount];
        model.PredictRaw(x, raw);
        double loss = 0, penalty = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var e = raw[i];
            loss += (e > 0 ? e + Math.Log(1 + Math.Exp(-e)) : Math.Log(1 + Math.Exp(e))) - (y[i] * e);
        }

        foreach (var t in model.Terms)
        {
            penalty += t.Coefficient * t.Coefficient;
        }

        return (c * loss) + (0.5 * penalty);
    }

    private static int[] Range(int n)
    {
        var rows = new int[n];
        for (var i = 0; i < n; i++)
        {
            rows[i] = i;
        }

        return rows;
    }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
