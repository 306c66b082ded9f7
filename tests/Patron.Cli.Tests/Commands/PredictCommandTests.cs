using Patron.Cli.Commands;
using Patron.Learning;
using Patron.Learning.Boosting;
using Patron.Learning.Data;

namespace Patron.Cli.Tests.Commands;

/// <summary>The prediction file's drivers, taken from block-wise contributions, against a model that explains one row at
/// a time.</summary>
public sealed class PredictCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "patron-predict-tests", Guid.NewGuid().ToString("N"));

    public PredictCommandTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public void Write_DriversOverSeveralBlocks_SameAsOneRowAtATime()
    {
        var (x, y) = Data(9_000);
        var model = new GradientBoostingLearner(new() { Rounds = 25, MaxDepth = 4, Seed = 2 }).Fit(x, y, []);
        var table = new LabeledTable(x, null, null, null);
        var blocked = Path.Combine(_dir, "blocked.csv");
        var oneByOne = Path.Combine(_dir, "one.csv");

        Assert.Equal(x.RowCount, PredictCommand.Write(model, table, 2, blocked));
        PredictCommand.Write(new OneRowOnly(model), table, 2, oneByOne);

        var lines = File.ReadAllLines(blocked);
        Assert.Equal(x.RowCount + 1, lines.Length);
        Assert.Equal(File.ReadAllLines(oneByOne), lines);
        Assert.Contains("driver_up_1", lines[0], StringComparison.Ordinal);
        Assert.Contains(" = ", lines[^1], StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (FeatureMatrix X, double[] Y) Data(int rows)
    {
        var random = new Random(4);
        var columns = new float[3][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = new float[rows];
        }

        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var a = (float)((random.NextDouble() * 4) - 2);
            var b = (float)((random.NextDouble() * 4) - 2);
            columns[0][i] = random.NextDouble() < 0.1 ? float.NaN : a;
            columns[1][i] = b;
            columns[2][i] = random.Next(4);
            var score = a - (0.5 * b * b) + (columns[2][i] == 2 ? 1 : 0);
            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-score)) ? 1 : 0;
        }

        var schema = new FeatureSchema([
            new FeatureSpec("a", FeatureKind.Numeric),
            new FeatureSpec("b", FeatureKind.Numeric),
            new FeatureSpec("plan", FeatureKind.Categorical, ["p0", "p1", "p2", "p3"]),
        ]);
        return (FeatureMatrix.Create(schema, columns), y);
    }

    /// <summary>Forwards to a model but explains only one row at a time (the interface's default batch method).</summary>
    private sealed class OneRowOnly(GradientBoostingModel inner) : IPredictor, IExplainable
    {
        public FeatureSchema Schema => inner.Schema;

        public TaskKind Task => inner.Task;

        public void PredictRaw(FeatureMatrix x, Span<double> output) => inner.PredictRaw(x, output);

        public void Predict(FeatureMatrix x, Span<double> output) => inner.Predict(x, output);

        public void Contributions(FeatureMatrix x, int row, Span<double> phi) => inner.Contributions(x, row, phi);
    }
}
