using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Frames;
using Patron.Learning;
using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Learning.Linear;

namespace Patron.Features.Tests.Frames;

/// <summary>The streamed reads of <see cref="FeatureColumns"/> against the materialised ones they replace: the same
/// values, and the same scores as one matrix of the whole cutoff whatever the slice length.</summary>
public sealed class FeatureColumnsTests
{
    private const int Customers = 5_000;
    private static readonly DateOnly Cutoff = new(2026, 7, 1);
    private static readonly DateOnly Other = new(2026, 4, 1);

    public static TheoryData<int> SliceRows => [1, 7, 2_047, 2_048, 2_049, Customers - 1, Customers, Customers + 1, FeatureColumns.ScoringSliceRows];

    [Theory]
    [MemberData(nameof(SliceRows))]
    public void Score_AnySliceLength_EveryRowOnceWithTheScoresOfOneMatrixInCustomerOrder(int sliceRows)
    {
        using var connection = Warehouse();
        var columns = FeatureColumns.Open(connection, Cutoff);
        var models = Models();

        var scores = columns.Score(models, sliceRows);

        // The identity model scores each row with its own net revenue, unique per customer: a row dropped or read twice at
        // a slice's end changes this set, and it lines the other models' scores up with the customer they belong to.
        var expected = OneMatrixScores(columns, models);
        Assert.Equal(models.Length, scores.Length);
        Assert.All(scores, s => Assert.Equal(Customers, s.Length));
        Assert.Equal(expected[0].Order(), scores[0].Order());
        var row = new Dictionary<double, int>();
        for (var i = 0; i < Customers; i++)
        {
            row.Add(expected[0][i], i);
        }

        for (var i = 0; i < Customers; i++)
        {
            var customer = row[scores[0][i]];
            for (var m = 1; m < models.Length; m++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected[m][customer]), BitConverter.DoubleToInt64Bits(scores[m][i]));
            }
        }
    }

    [Fact]
    public void Score_ModelsOfTheFixture_SplitOnCategoriesAndReadUnknownLevelsAndMissingTokens()
    {
        using var connection = Warehouse();
        var models = Models();
        var trees = (GradientBoostingModel)models[1];

        // Categorical splits take the tree walk's other path; 'xx', 'N/A', NULL and ' fr ' reach the model as NaN or 'fr'.
        var country = trees.Schema.IndexOf("country");
        Assert.True(trees.GainImportance()[country] > 0, "the trees split on the country");
        Assert.Equal(4L, connection.Scalar<long>("SELECT count(DISTINCT coalesce(country, 'NULL')) FROM gold.customer_features WHERE country IS NULL OR country NOT IN ('de', 'fr', 'nl')"));
    }

    [Fact]
    public void Score_ResultOfAnotherLength_Throws()
    {
        using var connection = Warehouse();
        var models = Models();
        var sinks = new List<FrameSink> { new NumericSink("net_revenue", inMatrix: true, keep: false) };
        foreach (var count in new[] { Customers - 1, Customers + 1, 0 })
        {
            using var reader = connection.QueryStreaming($"SELECT net_revenue FROM gold.customer_features WHERE cutoff = DATE '{Cutoff:yyyy-MM-dd}'");

            var error = Assert.Throws<InvalidOperationException>(() => SlicedScoring.Score(reader, sinks, count, [models[0]], 1_000));

            Assert.Contains(count.ToString("N0", CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Score_ModelNeedingAColumnOfAnotherKind_ThrowsSchemaMismatch()
    {
        using var connection = Warehouse();
        var columns = FeatureColumns.Open(connection, Cutoff);
        var wrong = new Identity(new FeatureSchema([new FeatureSpec("country", FeatureKind.Numeric)]));

        Assert.Throws<SchemaMismatchException>(() => columns.Score([wrong]));
    }

    [Fact]
    public void ReadInto_ReusedArrays_SameRowsAsRead()
    {
        using var connection = Warehouse();
        var columns = FeatureColumns.Open(connection, Cutoff);
        string[] names = ["net_revenue", "country", "days_since_last_order", "orders"];
        var numbers = new double[]?[] { new double[Customers + 3], null, new double[Customers], new double[Customers] };
        Array.Fill(numbers[0]!, -1.0);

        for (var round = 0; round < 2; round++)
        {
            var texts = new string?[]?[names.Length];
            columns.ReadInto(names, numbers, texts);

            // Rows line up across the columns of one read: the same tuples as the materialised read.
            var read = columns.Read(names);
            var expected = Enumerable.Range(0, Customers).Select(i => Row((double[])read["net_revenue"], (string?[])read["country"], (double[])read["days_since_last_order"], (double[])read["orders"], i)).Order(StringComparer.Ordinal);
            var actual = Enumerable.Range(0, Customers).Select(i => Row(numbers[0]!, texts[1]!, numbers[2]!, numbers[3]!, i)).Order(StringComparer.Ordinal);
            Assert.Equal(expected, actual);
            Assert.Null(texts[0]);
            Assert.Equal(-1.0, numbers[0]![Customers]);
        }

        Assert.Throws<ArgumentException>(() => columns.ReadInto(names, [new double[Customers - 1], null, new double[Customers], new double[Customers]], new string?[]?[4]));
    }

    private static string Row(double[] revenue, string?[] country, double[] days, double[] orders, int i) =>
        string.Create(CultureInfo.InvariantCulture, $"{BitConverter.DoubleToInt64Bits(revenue[i])}|{country[i] ?? "<null>"}|{BitConverter.DoubleToInt64Bits(days[i])}|{orders[i]}");

    /// <summary>What the drift comparison did before: every column the models take read in customer order as doubles and
    /// text, one matrix per model built from them with its schema.</summary>
    private static double[][] OneMatrixScores(FeatureColumns columns, IPredictor[] models)
    {
        var names = models.SelectMany(m => m.Schema.Features.Select(s => s.Name)).Distinct().ToList();
        var read = columns.Read(names, byCustomer: true);
        var scores = new double[models.Length][];
        for (var m = 0; m < models.Length; m++)
        {
            var builder = new FeatureMatrixBuilder(Customers);
            foreach (var spec in models[m].Schema.Features)
            {
                _ = spec.Kind == FeatureKind.Categorical ? builder.AddCategorical(spec.Name, (string?[])read[spec.Name]) : builder.AddNumeric(spec.Name, (double[])read[spec.Name]);
            }

            var matrix = builder.Build(models[m].Schema);
            scores[m] = new double[matrix.RowCount];
            models[m].Predict(matrix, scores[m]);
        }

        return scores;
    }

    /// <summary>The identity model, boosted trees on three numbers and the country, and a logistic regression on another
    /// order of columns; fitted on data of their own, so the warehouse holds levels they never saw.</summary>
    private static IPredictor[] Models()
    {
        const int n = 3_000;
        var random = new Random(17);
        var revenue = new double[n];
        var days = new double[n];
        var orders = new double[n];
        var country = new string?[n];
        var label = new double[n];
        for (var i = 0; i < n; i++)
        {
            revenue[i] = 100 + (random.NextDouble() * 3_000);
            days[i] = i % 11 == 0 ? double.NaN : random.Next(0, 400);
            orders[i] = 1 + random.Next(0, 6);
            country[i] = (i % 3) switch { 0 => "de", 1 => "fr", _ => "nl" };
            var lean = (country[i] == "fr" ? 1.5 : 0) + (revenue[i] / 1_500) - (double.IsNaN(days[i]) ? 0 : days[i] / 200);
            label[i] = random.NextDouble() < 1 / (1 + Math.Exp(-lean)) ? 1 : 0;
        }

        var x = new FeatureMatrixBuilder(n).AddNumeric("net_revenue", revenue).AddNumeric("days_since_last_order", days).AddCategorical("country", country).AddNumeric("orders", orders).Build();
        var trees = new GradientBoostingLearner(new GradientBoostingOptions { Rounds = 30, MaxDepth = 4, Seed = 5 }).Fit(x, label, []);
        var linear = new LogisticRegressionLearner().Fit(
            new FeatureMatrixBuilder(n).AddCategorical("country", country).AddNumeric("orders", orders).AddNumeric("net_revenue", revenue).Build(), label, ReadOnlySpan<double>.Empty);
        return [new Identity(new FeatureSchema([new FeatureSpec("net_revenue", FeatureKind.Numeric)])), trees, linear];
    }

    /// <summary>Two cutoffs of 5,000 customers (three chunks of a streamed read each): a unique net revenue per
    /// customer, integer columns with NULLs, and a country with NULL, a missing token, padding and an unknown level.</summary>
    private static DuckDbConnection Warehouse()
    {
        var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("""
            CREATE SCHEMA gold;
            CREATE TABLE gold.customer_features (customer_id VARCHAR, cutoff DATE, orders INTEGER, net_revenue DOUBLE,
                days_since_last_order BIGINT, country VARCHAR);
            """);
        foreach (var (cutoff, seed) in new[] { (Cutoff, 1), (Other, 2) })
        {
            connection.Execute($"""
                INSERT INTO gold.customer_features
                SELECT 'c' || lpad(i::VARCHAR, 5, '0'), DATE '{cutoff:yyyy-MM-dd}',
                       CASE WHEN i % 13 = 0 THEN NULL ELSE 1 + (hash(i, {seed}) % 6)::INTEGER END,
                       100 + 0.5 * ((i * 7919) % {Customers}),
                       CASE WHEN i % 17 = 0 THEN NULL ELSE (hash(i, {seed}, 'd') % 400)::BIGINT END,
                       CASE i % 9 WHEN 0 THEN NULL WHEN 1 THEN 'N/A' WHEN 2 THEN ' fr ' WHEN 3 THEN 'xx' ELSE ['de', 'fr', 'nl'][1 + (hash(i, {seed}, 'c') % 3)::INTEGER] END
                FROM range({Customers}) t(i);
                """);
        }

        return connection;
    }

    /// <summary>Scores each row with its first column's cell: a row's identity when that column is unique.</summary>
    private sealed class Identity(FeatureSchema schema) : IPredictor
    {
        public FeatureSchema Schema { get; } = schema;

        public TaskKind Task => TaskKind.Regression;

        public void PredictRaw(FeatureMatrix x, Span<double> output) => Predict(x, output);

        public void Predict(FeatureMatrix x, Span<double> output)
        {
            var cells = x.Column(0);
            for (var i = 0; i < output.Length; i++)
            {
                output[i] = cells[i];
            }
        }
    }
}
