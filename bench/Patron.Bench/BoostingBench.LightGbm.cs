using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using Patron.Learning.Boosting;
using Patron.Learning.Data;

namespace Patron.Bench;

internal static partial class BoostingBench
{
    /// <summary>ML.NET's LightGBM trainer (Microsoft.ML.LightGbm, the native LightGBM library inside) on the same
    /// training rows, with the same depth (as a depth limit and 2^depth leaves), rounds, learning rate, L2, min child
    /// weight, bins and threads; missing values are LightGBM's own. The timed part is the fit (LightGBM's binning and
    /// all rounds); turning the columns into ML.NET rows is not timed. Returns the test rows' probabilities.</summary>
    private static (double Seconds, double CpuSeconds, double[] Scores) RunLightGbm(FeatureMatrix trainX, double[] trainY, FeatureMatrix testX, GradientBoostingOptions options)
    {
        var ml = new MLContext(seed: 1);
        var width = trainX.ColumnCount;
        var schema = SchemaDefinition.Create(typeof(LightGbmRow));
        schema[nameof(LightGbmRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var train = ml.Data.LoadFromEnumerable(Rows(trainX, trainY), schema);
        var test = ml.Data.LoadFromEnumerable(Rows(testX, new double[testX.RowCount]), schema);
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = nameof(LightGbmRow.Label),
            FeatureColumnName = nameof(LightGbmRow.Features),
            NumberOfIterations = options.Rounds,
            LearningRate = options.LearningRate,
            NumberOfLeaves = 1 << options.MaxDepth,
            MinimumExampleCountPerLeaf = 1,
            MaximumBinCountPerFeature = options.MaxBins,
            NumberOfThreads = options.MaxDegreeOfParallelism,
            Seed = 1,
            HandleMissingValue = true,
            Booster = new GradientBooster.Options
            {
                MaximumTreeDepth = options.MaxDepth,
                L2Regularization = options.Lambda,
                MinimumChildWeight = options.MinChildWeight,
            },
        });

        // Warm-up on a few rows so the JIT and the native library's loading are not billed to the timed fit.
        _ = trainer.Fit(ml.Data.TakeRows(train, 2_000));
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var model = trainer.Fit(train);
        var seconds = watch.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
        var scored = model.Transform(test);
        var probabilities = scored.GetColumn<float>("Probability").ToArray();
        var scores = new double[probabilities.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = probabilities[i];
        }

        return (seconds, cpu, scores);
    }

    private static IEnumerable<LightGbmRow> Rows(FeatureMatrix x, double[] y)
    {
        for (var i = 0; i < x.RowCount; i++)
        {
            var features = new float[x.ColumnCount];
            for (var j = 0; j < features.Length; j++)
            {
                features[j] = x[i, j];
            }

            yield return new LightGbmRow { Label = y[i] > 0.5, Features = features };
        }
    }

    /// <summary>One row as ML.NET reads it: a boolean label and a vector of features (NaN = missing).</summary>
    private sealed class LightGbmRow
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}
