using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Learning.Evaluation;
using Patron.Learning.Serialization;

namespace Patron.Bench;

/// <summary>Gradient boosting against XGBoost (hist method) and ML.NET's LightGBM on the same generated matrices, in one run: a churn-like
/// matrix (default 1M rows x 50 features with missing values and integer-coded categories) and a smaller customer-shaped
/// one (50k rows). Same depth, rounds, learning rate, lambda, min child weight, bins and threads on both sides. With
/// <c>--shap</c> each side also explains the test rows with exact path-dependent TreeSHAP.</summary>
/// <remarks>Usage: <c>boosting [--rows N] [--small-rows N] [--rounds R] [--depth D] [--eta E] [--threads T] [--row-sample S] [--column-sample S] [--dir DIR]
/// [--python PATH] [--skip-large] [--skip-peer] [--skip-lightgbm] [--peer-passive] [--categories-as-numbers] [--shap] [--repeat N]</c>. The second data set is the same generator with 20
/// features, the size of the warehouse's customer feature set. Each side's training time covers binning/sketching and all rounds; both test
/// AUCs are computed by the same C# code from the predictions. With <c>--repeat N</c> our fit runs N times and the
/// fastest counts; the MD5 of its model bytes is printed, to compare two builds' models.</remarks>
internal static partial class BoostingBench
{
    private const double TrainShare = 0.8;

    public static int Run(string[] args)
    {
        var rows = BenchArgs.IntOption(args, "--rows", 1_000_000);
        var smallRows = BenchArgs.IntOption(args, "--small-rows", 50_000);
        var rounds = BenchArgs.IntOption(args, "--rounds", 100);
        var depth = BenchArgs.IntOption(args, "--depth", 6);
        var threads = BenchArgs.IntOption(args, "--threads", 2);
        var eta = BenchArgs.DoubleOption(args, "--eta", 0.1);
        var rowSample = BenchArgs.DoubleOption(args, "--row-sample", 1.0);
        var columnSample = BenchArgs.DoubleOption(args, "--column-sample", 1.0);
        var dir = BenchArgs.Option(args, "--dir", Path.Combine(Path.GetTempPath(), "patron-bench-boosting"));
        var python = BenchArgs.Option(args, "--python", File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
        var categoriesAsNumbers = args.Contains("--categories-as-numbers");
        var skipPeer = args.Contains("--skip-peer");
        var skipLightGbm = args.Contains("--skip-lightgbm");
        var shap = args.Contains("--shap");
        var repeat = Math.Max(1, BenchArgs.IntOption(args, "--repeat", 1));

        // On a shared, oversubscribed machine OpenMP's spin-waiting costs XGBoost far more than its work; passive
        // waiting gives it a fairer run there.
        var peerPassive = args.Contains("--peer-passive");
        Directory.CreateDirectory(dir);
        var options = new GradientBoostingOptions
        {
            Rounds = rounds,
            MaxDepth = depth,
            LearningRate = eta,
            Lambda = 1,
            MinChildWeight = 1,
            MaxBins = 255,
            MaxDegreeOfParallelism = threads,
            RowSample = rowSample,
            ColumnSample = columnSample,
        };

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"boosting: rounds={rounds} depth={depth} eta={eta} lambda=1 min_child_weight=1 bins=255(+missing) threads={threads} row_sample={rowSample} column_sample={columnSample}"));
        var results = new List<string>();
        var shapResults = new List<string>();
        if (!args.Contains("--skip-large"))
        {
            var (line, shapLine) = Compare("churn", GenerateChurn(rows, 50, seed: 20240601, categoriesAsNumbers), options, dir, python, skipPeer, skipLightGbm, peerPassive, shap, repeat);
            results.Add(line);
            shapResults.Add(shapLine);
        }

        var (smallLine, smallShapLine) = Compare("customers", GenerateChurn(smallRows, 20, seed: 7, categoriesAsNumbers), options, dir, python, skipPeer, skipLightGbm, peerPassive, shap, repeat);
        results.Add(smallLine);
        shapResults.Add(smallShapLine);
        Console.WriteLine();
        Console.WriteLine($"{"data",-10} {"rows",9} {"feat",4} {"patron_auc",10} {"xgb_auc",8} {"auc_diff",9} {"patron_s",9} {"xgb_s",8} {"time_ratio",10} {"patron_cpu",9} {"xgb_cpu",8} {"cpu_ratio",9} {"lgbm_auc",9} {"lgbm_s",7} {"lgbm_ratio",10} {"lgbm_cpu_ratio",9}");
        foreach (var line in results)
        {
            Console.WriteLine(line);
        }

        if (shap)
        {
            PrintShap(shapResults);
        }

        return 0;
    }

    private static (string Line, string ShapLine) Compare(
        string name, (float[][] Columns, FeatureSchema Schema, float[] Labels) data, GradientBoostingOptions options, string dir, string python, bool skipPeer, bool skipLightGbm, bool peerPassive, bool shap, int repeat)
    {
        var rows = data.Labels.Length;
        var train = (int)(rows * TrainShare);
        var file = Path.Combine(dir, name + ".bin");
        Write(file, data.Columns, data.Labels, train);

        var (trainX, trainY) = Slice(data, 0, train);
        var (testX, testY) = Slice(data, train, rows);
        Console.WriteLine($"{name}: {rows} rows x {data.Columns.Length} features, {train} train, positives {Mean(data.Labels):P1}");

        // Warm-up on a small slice so the JIT is not billed to the timed run (XGBoost is native code).
        var (warmX, warmY) = Slice(data, 0, Math.Min(train, 20_000));
        var warmModel = new GradientBoostingLearner(options with { Rounds = 3 }).Fit(warmX, warmY, []);
        if (shap)
        {
            _ = PatronShap(warmModel, warmX, options.MaxDegreeOfParallelism);
        }

        // With --repeat the fit runs that many times and the fastest counts (CPU and wall separately); every fit's
        // model must be the same bytes, whose MD5 is printed to compare builds.
        GradientBoostingModel model = null!;
        double patronSeconds = double.PositiveInfinity, patronCpu = double.PositiveInfinity;
        string? digest = null;
        for (var r = 0; r < repeat; r++)
        {
            var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            model = new GradientBoostingLearner(options).Fit(trainX, trainY, []);
            var seconds = watch.Elapsed.TotalSeconds;
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
            patronSeconds = Math.Min(patronSeconds, seconds);
            patronCpu = Math.Min(patronCpu, cpu);
            var md5 = Convert.ToHexStringLower(MD5.HashData(ModelSerializer.ToBytes(model)));
            if (digest is not null && md5 != digest)
            {
                throw new InvalidOperationException($"Fit {r + 1} gave model bytes {md5}, fit 1 gave {digest}.");
            }

            digest = md5;
            if (repeat > 1)
            {
                Console.WriteLine($"  patron fit {r + 1}/{repeat}: {seconds:F2} s (cpu {cpu:F2} s)");
            }
        }

        Console.WriteLine($"  patron model md5 {digest}");
        var patronScores = new double[testY.Length];
        model.Predict(testX, patronScores);
        var patronAuc = BinaryMetrics.RocAuc(testY, patronScores);
        Console.WriteLine($"  patron : train {patronSeconds:F2} s (cpu {patronCpu:F2} s), test AUC {patronAuc:F5}");
        var patronShap = shap ? PatronShap(model, testX, options.MaxDegreeOfParallelism) : null;
        patronShap?.Print(model.Trees.Count);
        var lightGbm = "-";
        if (!skipLightGbm)
        {
            var (lgbSeconds, lgbCpu, lgbScores) = RunLightGbm(trainX, trainY, testX, options);
            var lgbAuc = BinaryMetrics.RocAuc(testY, lgbScores);
            Console.WriteLine($"  ml.net lightgbm: train {lgbSeconds:F2} s (cpu {lgbCpu:F2} s), test AUC {lgbAuc:F5}");
            lightGbm = string.Create(CultureInfo.InvariantCulture, $"{lgbAuc,9:F5} {lgbSeconds,7:F2} {patronSeconds / lgbSeconds,10:F2} {patronCpu / lgbCpu,9:F2}");
        }

        if (skipPeer)
        {
            return (string.Create(CultureInfo.InvariantCulture, $"{name,-10} {rows,9} {data.Columns.Length,4} {patronAuc,10:F5} {"-",8} {"-",9} {patronSeconds,9:F2} {"-",8} {"-",10} {patronCpu,9:F2} {"-",8} {"-",9} {lightGbm}"),
                ShapLine(name, testX.RowCount, model.Trees.Count, patronShap, null));
        }

        var predictions = Path.Combine(dir, name + ".xgb.out");
        var (xgbSeconds, xgbCpu, version, xgbShap) = RunPeer(python, file, predictions, options, peerPassive, shap);
        var xgbScores = ReadDoubles(predictions, testY.Length);
        var xgbAuc = BinaryMetrics.RocAuc(testY, xgbScores);
        Console.WriteLine($"  xgboost {version}: train {xgbSeconds:F2} s (cpu {xgbCpu:F2} s), test AUC {xgbAuc:F5}");
        if (xgbShap is { } x)
        {
            Console.WriteLine($"  xgboost pred_contribs: {x.Seconds:F2} s (cpu {x.CpuSeconds:F2} s), {testX.RowCount / x.Seconds:F0} rows/s");
        }

        return (string.Create(
            CultureInfo.InvariantCulture,
            $"{name,-10} {rows,9} {data.Columns.Length,4} {patronAuc,10:F5} {xgbAuc,8:F5} {patronAuc - xgbAuc,9:+0.00000;-0.00000} {patronSeconds,9:F2} {xgbSeconds,8:F2} {patronSeconds / xgbSeconds,10:F2} {patronCpu,9:F2} {xgbCpu,8:F2} {patronCpu / xgbCpu,9:F2} {lightGbm}"),
            ShapLine(name, testX.RowCount, model.Trees.Count, patronShap, xgbShap));
    }

    private static (double Seconds, double CpuSeconds, string Version, Timing? Shap) RunPeer(
        string python, string data, string predictions, GradientBoostingOptions o, bool passive, bool shap)
    {
        var script = Path.Combine(RepoRoot(), "bench", "peers", "boosting_xgboost.py");
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (passive)
        {
            info.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        }

        foreach (var a in new[]
        {
            script, data, predictions, o.Rounds.ToString(CultureInfo.InvariantCulture), o.MaxDepth.ToString(CultureInfo.InvariantCulture),
            o.LearningRate.ToString("R", CultureInfo.InvariantCulture), o.Lambda.ToString("R", CultureInfo.InvariantCulture),
            o.MinChildWeight.ToString("R", CultureInfo.InvariantCulture), o.MaxDegreeOfParallelism.ToString(CultureInfo.InvariantCulture),
            (o.MaxBins + 1).ToString(CultureInfo.InvariantCulture),
        })
        {
            info.ArgumentList.Add(a);
        }

        if (shap)
        {
            info.ArgumentList.Add("--contribs");
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {python}.");
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The XGBoost peer failed ({process.ExitCode}): {stderr}");
        }

        using var json = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var root = json.RootElement;
        Timing? contribs = root.TryGetProperty("contribs_seconds", out var seconds)
            ? new Timing(seconds.GetDouble(), root.GetProperty("contribs_cpu_seconds").GetDouble())
            : null;
        return (root.GetProperty("train_seconds").GetDouble(), root.GetProperty("cpu_seconds").GetDouble(), root.GetProperty("xgboost").GetString() ?? "?", contribs);
    }

    /// <summary>A churn-like matrix: recency/frequency/monetary-style drivers with interactions, noise features,
    /// booleans and three integer-coded categories; about 8% of some columns missing.</summary>
    private static (float[][], FeatureSchema, float[]) GenerateChurn(int rows, int features, int seed, bool categoriesAsNumbers)
    {
        var random = new Random(seed);
        var columns = new float[features][];
        for (var j = 0; j < features; j++)
        {
            columns[j] = new float[rows];
        }

        var labels = new float[rows];
        var regionEffect = new double[12];
        var planEffect = new double[30];
        for (var k = 0; k < regionEffect.Length; k++)
        {
            regionEffect[k] = (random.NextDouble() - 0.5) * 1.2;
        }

        for (var k = 0; k < planEffect.Length; k++)
        {
            planEffect[k] = (random.NextDouble() - 0.5) * 1.6;
        }

        var categorical = features - 3;
        var booleans = categorical - 7;
        for (var i = 0; i < rows; i++)
        {
            var latent = Normal(random);
            var recency = -60 * Math.Log(1 - random.NextDouble());
            var frequency = Math.Floor(-4 * Math.Log(1 - random.NextDouble()) * (1 + (0.3 * latent * latent)));
            var monetary = Math.Exp(3.5 + (0.8 * Normal(random)) + (0.2 * latent));
            var gap = 5 - (40 * Math.Log(1 - random.NextDouble()));
            var tenure = random.NextDouble() * 1500;
            var channel = random.Next(5);
            var region = random.Next(12);
            var plan = Math.Min(29, (int)(-8 * Math.Log(1 - random.NextDouble())));
            columns[0][i] = (float)recency;
            columns[1][i] = (float)frequency;
            columns[2][i] = (float)monetary;
            columns[3][i] = (float)gap;
            columns[4][i] = (float)tenure;
            columns[5][i] = (float)(recency / gap);
            double noiseSignal = 0;
            for (var j = 6; j < booleans; j++)
            {
                var v = (0.5 * latent) + Normal(random);
                columns[j][i] = (float)v;
                if (j < 12)
                {
                    noiseSignal += 0.15 * v;
                }
            }

            for (var j = booleans; j < categorical; j++)
            {
                columns[j][i] = random.NextDouble() < 0.3 + (0.1 * (j - booleans)) / 7 ? 1 : 0;
            }

            columns[categorical][i] = channel;
            columns[categorical + 1][i] = region;
            columns[categorical + 2][i] = plan;

            var logit = -1.6 + (1.1 * Math.Tanh((recency / gap) - 2)) - (0.35 * Math.Log(1 + frequency)) - (0.15 * Math.Log(monetary) * (channel == 2 ? 1.5 : 0.5))
                + (0.6 * (tenure < 120 ? 1 : 0)) + regionEffect[region] + planEffect[plan] + noiseSignal
                + (0.4 * columns[booleans][i] * columns[booleans + 1][i]) + (0.5 * latent);
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;

            // Missing cells: monetary when no purchase is known, gaps for one-time buyers, and scattered noise columns.
            if (random.NextDouble() < 0.05)
            {
                columns[2][i] = float.NaN;
            }

            if (frequency == 0)
            {
                columns[3][i] = float.NaN;
                columns[5][i] = float.NaN;
            }

            for (var j = 10; j < 15; j++)
            {
                if (random.NextDouble() < 0.08)
                {
                    columns[j][i] = float.NaN;
                }
            }
        }

        var specs = new FeatureSpec[features];
        for (var j = 0; j < features; j++)
        {
            var name = "f" + j.ToString("D2", CultureInfo.InvariantCulture);
            specs[j] = j >= categorical && !categoriesAsNumbers
                ? new FeatureSpec(name, FeatureKind.Categorical, Levels(j == categorical ? 5 : j == categorical + 1 ? 12 : 30))
                : new FeatureSpec(name, j >= booleans && j < categorical ? FeatureKind.Boolean : FeatureKind.Numeric);
        }

        return (columns, new FeatureSchema(specs), labels);
    }

    private static string[] Levels(int count)
    {
        var levels = new string[count];
        for (var k = 0; k < count; k++)
        {
            levels[k] = "L" + k.ToString(CultureInfo.InvariantCulture);
        }

        return levels;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static (FeatureMatrix, double[]) Slice((float[][] Columns, FeatureSchema Schema, float[] Labels) data, int start, int end)
    {
        var columns = new float[data.Columns.Length][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = data.Columns[j][start..end];
        }

        var y = new double[end - start];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = data.Labels[start + i];
        }

        return (FeatureMatrix.Create(data.Schema, columns), y);
    }

    private static void Write(string path, float[][] columns, float[] labels, int trainRows)
    {
        using var stream = new BufferedStream(File.Create(path), 1 << 20);
        using var writer = new BinaryWriter(stream);
        writer.Write(labels.Length);
        writer.Write(columns.Length);
        writer.Write(trainRows);
        foreach (var column in columns)
        {
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(column.AsSpan()));
        }

        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(labels.AsSpan()));
    }

    private static double[] ReadDoubles(string path, int count)
    {
        var bytes = File.ReadAllBytes(path);
        var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes).ToArray();
        return values.Length == count ? values : throw new InvalidDataException($"{path}: {values.Length} predictions, expected {count}.");
    }

    private static double Mean(float[] values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Patron.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
