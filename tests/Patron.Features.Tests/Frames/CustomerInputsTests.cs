using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Frames;
using Patron.Features.Tests.Support;
using Patron.Learning.Data;

namespace Patron.Features.Tests.Frames;

public sealed class CustomerInputsTests
{
    private static readonly string[] Kept = ["days_since_last_order", "net_revenue", "rfm_segment"];

    [Fact]
    public void LoadInputs_NoSchema_EqualsTheMatrixOfTheDoubleFrameBitForBit()
    {
        using var connection = BuildTinyShop();

        var inputs = CustomerFrame.LoadInputs(connection, TinyShop.Cutoff, 90, null, Kept);

        var frame = CustomerFrame.Load(connection, TinyShop.Cutoff, 90);
        AssertSameMatrix(CustomerMatrices.Build(frame, null, dropEmpty: true), inputs.Plain);
        AssertSameFrame(frame, inputs.Frame);
    }

    [Fact]
    public void LoadInputs_Schema_TakesItsColumnsAndLevelsAsTheDoubleFrameDoes()
    {
        using var connection = BuildTinyShop();
        var frame = CustomerFrame.Load(connection, TinyShop.Cutoff, 90);
        var reference = CustomerMatrices.Build(frame, null, dropEmpty: true);
        // Another cutoff's schema: fewer levels of one category (a level it never saw must become missing) and a
        // column order of its own.
        var specs = reference.Schema.Features.Reverse().Select(s => s.Name == "favourite_category" ? new FeatureSpec(s.Name, s.Kind, ["Books"]) : s).ToList();
        var schema = new FeatureSchema(specs);

        var inputs = CustomerFrame.LoadInputs(connection, TinyShop.Cutoff, 90, schema, Kept);

        AssertSameMatrix(CustomerMatrices.Build(frame, schema, dropEmpty: false), inputs.Plain);
        Assert.True(float.IsNaN(inputs.Plain[0, schema.IndexOf("favourite_category")]), "Electronics is not a level of the schema");
        AssertSameFrame(frame, inputs.Frame);
    }

    [Fact]
    public void LoadInputs_TextWithMissingTokensAndBlanks_LevelsAsTheInferredSchema()
    {
        using var connection = BuildTinyShop();
        // Padding is trimmed into one level; a missing token is missing, not a level.
        connection.Execute("UPDATE gold.customer_features SET country = CASE customer_id WHEN 'C1' THEN ' DE ' ELSE 'N/A' END, acquisition_channel = CASE customer_id WHEN 'C1' THEN 'ads' ELSE 'ads ' END");
        var frame = CustomerFrame.Load(connection, TinyShop.Cutoff, 90);

        var inputs = CustomerFrame.LoadInputs(connection, TinyShop.Cutoff, 90, null, ["country"]);

        var expected = CustomerMatrices.Build(frame, null, dropEmpty: true);
        AssertSameMatrix(expected, inputs.Plain);
        Assert.Equal(["DE"], inputs.Plain.Schema[inputs.Plain.Schema.IndexOf("country")].Levels);
        Assert.Equal(["ads"], inputs.Plain.Schema[inputs.Plain.Schema.IndexOf("acquisition_channel")].Levels);
        Assert.Equal(new string?[] { " DE ", "N/A" }, inputs.Frame.Categorical("country"));
    }

    [Fact]
    public void LoadInputs_SchemaColumnTheTableLacks_SchemaMismatch()
    {
        using var connection = BuildTinyShop();
        var schema = new FeatureSchema([new FeatureSpec("orders", FeatureKind.Numeric), new FeatureSpec("no_such_feature", FeatureKind.Numeric)]);

        var error = Assert.Throws<SchemaMismatchException>(() => CustomerFrame.LoadInputs(connection, TinyShop.Cutoff, 90, schema, Kept));

        Assert.Contains("no_such_feature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadInputs_CutoffWithoutFeatures_NoRows()
    {
        using var connection = BuildTinyShop();

        var inputs = CustomerFrame.LoadInputs(connection, TinyShop.Cutoff.AddDays(-7), 90, null, Kept);

        Assert.Equal(0, inputs.Frame.Count);
        Assert.Equal(0, inputs.Plain.RowCount);
        Assert.Empty(inputs.Frame.Labels["churn"]);
    }

    [Fact]
    public void LoadInputs_RowsOverManyChunksInAScrambledOrder_EachAtItsIdsRowAsTheSortedRead()
    {
        using var connection = BuildTinyShop();
        // 6,000 more customers (three DuckDB chunks and more), written in an order unrelated to their ids and with
        // values that tell the rows apart, so a row placed anywhere but at its id's row shows.
        connection.Execute("""
            INSERT INTO gold.customer_features
            SELECT f.* REPLACE (printf('M%05d', r.i) || f.customer_id AS customer_id, f.net_revenue + r.i AS net_revenue,
                              f.days_since_last_order + (r.i % 97) AS days_since_last_order)
            FROM gold.customer_features f, range(3000) r(i)
            ORDER BY hash(r.i * 7919, f.customer_id)
            """);
        connection.Execute("""
            INSERT INTO gold.customer_labels
            SELECT l.* REPLACE (printf('M%05d', r.i) || l.customer_id AS customer_id, l.future_spend + r.i AS future_spend,
                              (r.i % 3 = 0) AS churn)
            FROM gold.customer_labels l, range(3000) r(i)
            ORDER BY hash(r.i * 104729, l.customer_id)
            """);
        var frame = CustomerFrame.Load(connection, TinyShop.Cutoff, 90);
        Assert.Equal(6_002, frame.Count);

        var inputs = CustomerFrame.LoadInputs(connection, TinyShop.Cutoff, 90, null, Kept);

        AssertSameMatrix(CustomerMatrices.Build(frame, null, dropEmpty: true), inputs.Plain);
        AssertSameFrame(frame, inputs.Frame);
        Assert.Equal(frame.Categorical("rfm_segment"), inputs.Frame.Categorical("rfm_segment"));
    }

    [Fact]
    public void LoadInputs_ScrambledRowsWithNullsAndMissingLabels_EachAtItsIdsRowAsTheSortedRead()
    {
        using var connection = BuildTinyShop();
        // NULL numbers and texts on some rows, and no label row at all for others (their labels read as 0): a row
        // placed anywhere but at its id's row would carry another row's NULLs or labels.
        connection.Execute("""
            INSERT INTO gold.customer_features
            SELECT f.* REPLACE (printf('N%05d', r.i) || f.customer_id AS customer_id,
                              CASE WHEN r.i % 5 = 0 THEN NULL ELSE f.net_revenue + r.i END AS net_revenue,
                              CASE WHEN r.i % 7 = 0 THEN NULL ELSE f.rfm_segment END AS rfm_segment,
                              CASE WHEN r.i % 11 = 0 THEN NULL WHEN r.i % 2 = 0 THEN 'FR' ELSE 'DE' END AS country)
            FROM gold.customer_features f, range(2500) r(i)
            ORDER BY hash(r.i * 31, f.customer_id)
            """);
        AddScrambledLabels(connection);
        var frame = CustomerFrame.Load(connection, TinyShop.Cutoff, 90);
        Assert.Equal(5_002, frame.Count);

        var inputs = CustomerFrame.LoadInputs(connection, TinyShop.Cutoff, 90, null, [.. Kept, "country"]);

        AssertSameMatrix(CustomerMatrices.Build(frame, null, dropEmpty: true), inputs.Plain);
        AssertSameFrame(frame, inputs.Frame);
        Assert.Equal(frame.Categorical("rfm_segment"), inputs.Frame.Categorical("rfm_segment"));
        Assert.Equal(frame.Categorical("country"), inputs.Frame.Categorical("country"));
        Assert.Contains(inputs.Frame.Numeric("net_revenue"), double.IsNaN);
        Assert.Contains(inputs.Frame.Categorical("country"), text => text is null);
        Assert.Contains(0.0, inputs.Frame.Labels["future_spend"]);
    }

    [Fact]
    public void LoadInputs_SharedIds_EqualIdsAreTheOtherCutoffsStringsAndTheReadIsTheSame()
    {
        using var connection = BuildTinyShop();
        connection.Execute("""
            INSERT INTO gold.customer_features
            SELECT f.* REPLACE (printf('M%05d', r.i) || f.customer_id AS customer_id)
            FROM gold.customer_features f, range(3000) r(i)
            ORDER BY hash(r.i * 7919, f.customer_id)
            """);
        var alone = CustomerFrame.LoadInputs(connection, TinyShop.Cutoff, 90, null, Kept);
        // Another cutoff's ids: every third customer of this one, one id only it has, and fresh strings (not this
        // read's), so only the merge can make them the same objects.
        var other = alone.Frame.Ids.Where((_, i) => i % 3 == 0).Append("M00000Z").Select(id => new string(id.AsSpan())).Order(StringComparer.Ordinal).ToArray();

        var inputs = CustomerFrame.LoadInputs(connection, TinyShop.Cutoff, 90, alone.Plain.Schema, Kept, other);

        Assert.Equal(alone.Frame.Ids, inputs.Frame.Ids);
        AssertSameMatrix(alone.Plain, inputs.Plain);
        var taken = new HashSet<string>(other, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < inputs.Frame.Count; i++)
        {
            Assert.Equal(i % 3 == 0, taken.Contains(inputs.Frame.Ids[i]));
        }
    }

    [Fact]
    public void Shared_IdsOutOfOrderOrMissing_OnlyEqualStringsAreTaken()
    {
        string[] other = [new("A".AsSpan()), new("C".AsSpan()), new("É".AsSpan()), new("e".AsSpan())];
        var cursor = 0;
        string[] read = ["A", "B", "C", "e", "É", "Z"];

        var ids = read.Select(id => CustomerFrame.Shared(id, other, ref cursor)).ToArray();

        Assert.Equal(read, ids);
        Assert.Same(other[0], ids[0]);
        Assert.Same(read[1], ids[1]);
        Assert.Same(other[1], ids[2]);
        // The other list holds "É" before "e", against the ordinal order: the merge stops at "É" while looking for
        // "e", so "e" stays the read's own string (sharing lost, the value right), and "É" is then found.
        Assert.Same(read[3], ids[3]);
        Assert.Same(other[2], ids[4]);
        Assert.Same(read[5], ids[5]);
    }

    [Fact]
    public void LoadInputs_CustomerWithTwoLabelRowsOfTheHorizon_Refused()
    {
        using var connection = BuildTinyShop();
        connection.Execute("INSERT INTO gold.customer_labels SELECT * FROM gold.customer_labels WHERE customer_id = 'C1' AND horizon_days = 90");

        var error = Assert.Throws<InvalidOperationException>(() => CustomerFrame.LoadInputs(connection, TinyShop.Cutoff, 90, null, Kept));

        Assert.Contains("two label rows", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoadInputs_MatrixRowsPicked_MatrixIsTheWholeReadsAtThoseRowsFrameKeepsEveryCustomer(bool withSchema)
    {
        using var connection = BuildScrambledShop();
        var whole = CustomerFrame.LoadInputs(connection, TinyShop.Cutoff, 90, null, [.. Kept, "country"]);
        var schema = withSchema ? whole.Plain.Schema : null;
        IReadOnlyDictionary<string, double[]>? seen = null;
        int[]? rows = null;

        var sampled = CustomerFrame.LoadInputs(connection, TinyShop.Cutoff, 90, schema, [.. Kept, "country"], null, labels =>
        {
            seen = labels;
            // Only rows of the inserted customers, whose country is NULL: the column must stay in the schema with the
            // levels of the rows left out.
            rows = Patron.Learning.Evaluation.RowSample.Stratified(labels["churn"], 1_500, 5)!.Where(r => whole.Frame.Ids[r][0] == 'N').ToArray();
            return rows;
        });

        Assert.NotNull(rows);
        Assert.Same(rows, sampled.MatrixRows);
        Assert.True(rows.Length > 1_000, $"{rows.Length} rows picked");
        foreach (var name in CustomerFrame.LabelNames)
        {
            Assert.Equal(whole.Frame.Labels[name], seen![name]);
        }

        AssertSameMatrix(whole.Plain.SelectRows(rows), sampled.Plain);
        Assert.Equal(["DE", "FR"], sampled.Plain.Schema[sampled.Plain.Schema.IndexOf("country")].Levels);
        AssertSameFrame(whole.Frame, sampled.Frame);
        Assert.Equal(whole.Frame.Categorical("country"), sampled.Frame.Categorical("country"));
        Assert.Equal(rows.Select(r => whole.Frame.Ids[r]), sampled.MatrixIds());
    }

    [Fact]
    public void LoadInputs_PickerTakesEveryRow_SameAsTheWholeRead()
    {
        using var connection = BuildScrambledShop();
        var whole = CustomerFrame.LoadInputs(connection, TinyShop.Cutoff, 90, null, Kept);

        var all = CustomerFrame.LoadInputs(connection, TinyShop.Cutoff, 90, null, Kept, null, labels =>
            Patron.Learning.Evaluation.RowSample.Stratified(labels["churn"], 500_000, 5));

        Assert.Null(all.MatrixRows);
        AssertSameMatrix(whole.Plain, all.Plain);
        AssertSameFrame(whole.Frame, all.Frame);
        Assert.Same(all.Frame.Ids, all.MatrixIds());
    }

    [Theory]
    [InlineData(new[] { 3, 2 })]
    [InlineData(new[] { 1, 1 })]
    [InlineData(new[] { -1 })]
    [InlineData(new[] { 2 })]
    public void LoadInputs_PickedRowsNotAscendingRowsOfTheCutoff_Refused(int[] rows)
    {
        using var connection = BuildTinyShop();

        Assert.Throws<ArgumentException>(() => CustomerFrame.LoadInputs(connection, TinyShop.Cutoff, 90, null, Kept, null, _ => rows));
    }

    [Fact]
    public void LoadInputs_PickerAndACustomerWithTwoLabelRows_Refused()
    {
        using var connection = BuildTinyShop();
        connection.Execute("INSERT INTO gold.customer_labels SELECT * FROM gold.customer_labels WHERE customer_id = 'C1' AND horizon_days = 90");

        var error = Assert.Throws<InvalidOperationException>(() => CustomerFrame.LoadInputs(connection, TinyShop.Cutoff, 90, null, Kept, null, _ => null));

        Assert.Contains("two label rows", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The tiny shop and 5,000 more customers over several chunks, written in an order unrelated to their ids,
    /// with NULLs, no label row for a third of them, and no country at all.</summary>
    private static DuckDbConnection BuildScrambledShop()
    {
        var connection = BuildTinyShop();
        connection.Execute("UPDATE gold.customer_features SET country = CASE customer_id WHEN 'C1' THEN 'DE' ELSE 'FR' END");
        connection.Execute("""
            INSERT INTO gold.customer_features
            SELECT f.* REPLACE (printf('N%05d', r.i) || f.customer_id AS customer_id,
                              CASE WHEN r.i % 5 = 0 THEN NULL ELSE f.net_revenue + r.i END AS net_revenue,
                              f.days_since_last_order + (r.i % 89) AS days_since_last_order,
                              CASE WHEN r.i % 7 = 0 THEN NULL ELSE f.rfm_segment END AS rfm_segment,
                              NULL AS country)
            FROM gold.customer_features f, range(2500) r(i)
            ORDER BY hash(r.i * 31, f.customer_id)
            """);
        AddScrambledLabels(connection);
        return connection;
    }

    /// <summary>Label rows for two thirds of the 2,500 copies of each tiny-shop customer (ids <c>N#####</c> + the
    /// customer's), written in an order unrelated to their ids; the other third has no label row.</summary>
    private static void AddScrambledLabels(DuckDbConnection connection) => connection.Execute("""
        INSERT INTO gold.customer_labels
        SELECT l.* REPLACE (printf('N%05d', r.i) || l.customer_id AS customer_id, l.future_spend + r.i AS future_spend,
                          (r.i % 4 = 0) AS churn)
        FROM gold.customer_labels l, range(2500) r(i)
        WHERE r.i % 3 <> 0
        ORDER BY hash(r.i * 17, l.customer_id)
        """);

    internal static void AssertSameMatrix(FeatureMatrix expected, FeatureMatrix actual)
    {
        Assert.Equal(expected.Schema, actual.Schema);
        Assert.Equal(expected.RowCount, actual.RowCount);
        for (var j = 0; j < expected.ColumnCount; j++)
        {
            var e = expected.Column(j);
            var a = actual.Column(j);
            for (var i = 0; i < e.Length; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(e[i]) == BitConverter.SingleToInt32Bits(a[i]),
                    $"{expected.Schema[j].Name} row {i}: {e[i]} read as {a[i]}");
            }
        }
    }

    private static void AssertSameFrame(CustomerFrame expected, CustomerFrame actual)
    {
        Assert.Equal(expected.Ids, actual.Ids);
        Assert.Equal(expected.Cutoff, actual.Cutoff);
        foreach (var name in CustomerFrame.LabelNames)
        {
            Assert.Equal(expected.Labels[name], actual.Labels[name]);
        }

        Assert.Equal(expected.Numeric("days_since_last_order"), actual.Numeric("days_since_last_order"));
        Assert.Equal(expected.Numeric("net_revenue"), actual.Numeric("net_revenue"));
        Assert.Equal(expected.Segments, actual.Segments);
        Assert.Equal(["net_revenue", "days_since_last_order"], actual.NumericColumns.Select(c => c.Key));
    }

    private static DuckDbConnection BuildTinyShop()
    {
        var connection = DuckDbConnection.OpenInMemory();
        TinyShop.Build().WriteTo(connection);
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = TinyShop.Cutoff });
        return connection;
    }
}
