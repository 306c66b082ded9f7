using Patron.Learning;
using Patron.Learning.Data;
using Patron.Learning.Linear;
using Patron.Learning.Serialization;
using Patron.Pipeline.Tasks;

namespace Patron.Pipeline.Tests.Tasks;

public sealed class RowCappedLearnerTests
{
    [Fact]
    public void Fit_MoreRowsThanTheCap_FitsTheInnerLearnerOnAStratifiedSampleOfTheCap()
    {
        var (x, y) = Data(1_000, positiveEvery: 4);
        var recorder = new Recorder();

        new RowCappedLearner(recorder, 200, seed: 7).Fit(x, y, []);

        // The sample keeps the positive share (a quarter) and the rows' values travel with their labels.
        Assert.Equal(200, recorder.Rows);
        Assert.Equal(50, recorder.Positives);
        Assert.True(recorder.LabelsMatchFeature, "every sampled row kept its own label");
        Assert.Equal(0, recorder.Weights);
    }

    [Fact]
    public void Fit_AtMostTheCap_IsTheInnerLearnersOwnFit()
    {
        var (x, y) = Data(300, positiveEvery: 3);
        var logistic = new LogisticRegressionLearner(new LogisticRegressionOptions { Seed = 3 });

        var capped = new RowCappedLearner(logistic, 300, seed: 3).Fit(x, y, []);
        var plain = logistic.Fit(x, y, []);

        Assert.Equal(ModelSerializer.ToBytes(plain), ModelSerializer.ToBytes(capped));
    }

    [Fact]
    public void Fit_SameSeed_SameSampleAndModel()
    {
        var (x, y) = Data(2_000, positiveEvery: 5);
        var logistic = new LogisticRegressionLearner(new LogisticRegressionOptions { Seed = 1 });

        var first = new RowCappedLearner(logistic, 500, seed: 11).Fit(x, y, []);
        var second = new RowCappedLearner(logistic, 500, seed: 11).Fit(x, y, []);
        var other = new RowCappedLearner(logistic, 500, seed: 12).Fit(x, y, []);

        Assert.Equal(ModelSerializer.ToBytes(first), ModelSerializer.ToBytes(second));
        Assert.NotEqual(ModelSerializer.ToBytes(first), ModelSerializer.ToBytes(other));
    }

    [Fact]
    public void ForLogistic_WrapsOnlyAboveTheLogisticRows()
    {
        var logistic = new LogisticRegressionLearner();

        Assert.Same(logistic, RowCappedLearner.ForLogistic(logistic, RowCappedLearner.LogisticRows, 1));
        var wrapped = Assert.IsType<RowCappedLearner>(RowCappedLearner.ForLogistic(logistic, RowCappedLearner.LogisticRows + 1, 1));
        Assert.Same(logistic, wrapped.Inner);
        Assert.Equal(RowCappedLearner.LogisticRows, wrapped.MaxRows);
        Assert.Equal("", RowCappedLearner.Describe(RowCappedLearner.LogisticRows));
        Assert.Contains("100,000", RowCappedLearner.Describe(500_000), StringComparison.Ordinal);
    }

    // One feature equal to the row's label plus its index, so a sampled row's label can be checked against its value.
    private static (FeatureMatrix X, double[] Y) Data(int rows, int positiveEvery)
    {
        var y = new double[rows];
        var f = new double[rows];
        var noise = new Random(5);
        for (var i = 0; i < rows; i++)
        {
            y[i] = i % positiveEvery == 0 ? 1 : 0;
            f[i] = (2 * i) + y[i];
        }

        var g = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            g[i] = y[i] + noise.NextDouble();
        }

        var x = new FeatureMatrixBuilder(rows).AddNumeric("f", f).AddNumeric("g", g).Build();
        return (x, y);
    }

    private sealed class Recorder : ILearner<IPredictor>
    {
        public int Rows { get; private set; }

        public int Positives { get; private set; }

        public int Weights { get; private set; }

        public bool LabelsMatchFeature { get; private set; }

        public IPredictor Fit(FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight)
        {
            Rows = x.RowCount;
            Weights = sampleWeight.Length;
            var f = x.Column(0);
            var match = true;
            var positives = 0;
            for (var i = 0; i < y.Length; i++)
            {
                positives += y[i] == 1 ? 1 : 0;
                match &= ((int)f[i] % 2) == (int)y[i];
            }

            Positives = positives;
            LabelsMatchFeature = match;
            return new LogisticRegressionLearner().Fit(x, y, sampleWeight);
        }
    }
}
