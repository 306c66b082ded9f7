using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Frames;
using Patron.Lifetime.Models;
using Patron.Warehouse;

namespace Patron.Features.Lifetime;

/// <summary>The lifetime outputs in gold: written once per cutoff by the feature stage, read by every model.</summary>
public sealed partial class LifetimeScores
{
    private const string Ddl = $"""
        CREATE SCHEMA IF NOT EXISTS gold;
        CREATE TABLE IF NOT EXISTS gold.{GoldTables.CustomerLifetime} (
            customer_id VARCHAR NOT NULL,
            cutoff DATE NOT NULL,
            horizon_days INTEGER NOT NULL,
            p_alive DOUBLE,
            expected_spend DOUBLE,
            expected_purchases DOUBLE,
            p_no_purchase DOUBLE,
            expected_clv DOUBLE
        );
        CREATE TABLE IF NOT EXISTS gold.{GoldTables.LifetimeModels} (
            cutoff DATE NOT NULL,
            model VARCHAR NOT NULL,
            parameter VARCHAR,
            value DOUBLE,
            failure VARCHAR
        );
        """;

    private const string BgNbd = "bgnbd";
    private const string GammaGamma = "gamma_gamma";

    /// <summary>Fits BG/NBD and Gamma-Gamma on the purchases before <paramref name="cutoff"/> and replaces that cutoff's
    /// rows of <c>gold.customer_lifetime</c> (one per customer and horizon) and <c>gold.lifetime_models</c> (the
    /// parameters, or why a fit failed). Returns the failure, null when both models fitted.</summary>
    public static string? Build(DuckDbConnection connection, DateOnly cutoff, IReadOnlyList<int> horizons)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(horizons);
        return BuildAt(connection, cutoff, horizons, null);
    }

    /// <summary>Builds every cutoff of <paramref name="cutoffs"/> in turn, as <see cref="Build(DuckDbConnection, DateOnly, IReadOnlyList{int})"/>
    /// does one, and returns each one's failure (null where both models fitted), in the same order.</summary>
    /// <remarks>The purchase days (orders joined to their lines, summed per customer and day) are read from silver once,
    /// up to the latest cutoff, into a temporary table each cutoff's summary reads its days from: the same rows, so the
    /// same summaries, fits and gold rows as building the cutoffs one by one. <paramref name="starting"/> hears each
    /// cutoff before it is built.</remarks>
    public static IReadOnlyList<string?> Build(DuckDbConnection connection, IReadOnlyList<DateOnly> cutoffs, IReadOnlyList<int> horizons, Action<DateOnly>? starting = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(cutoffs);
        ArgumentNullException.ThrowIfNull(horizons);
        var failures = new List<string?>(cutoffs.Count);
        if (cutoffs.Count == 0)
        {
            return failures;
        }

        var last = cutoffs[0];
        foreach (var cutoff in cutoffs)
        {
            last = cutoff > last ? cutoff : last;
        }

        LifetimeSummaryQuery.StagePurchaseDays(connection, last);
        try
        {
            foreach (var cutoff in cutoffs)
            {
                starting?.Invoke(cutoff);
                failures.Add(BuildAt(connection, cutoff, horizons, LifetimeSummaryQuery.SharedPurchaseDays));
            }
        }
        finally
        {
            LifetimeSummaryQuery.DropPurchaseDays(connection);
        }

        return failures;
    }

    private static string? BuildAt(DuckDbConnection connection, DateOnly cutoff, IReadOnlyList<int> horizons, string? purchaseDays)
    {
        var days = new double[horizons.Count];
        for (var h = 0; h < days.Length; h++)
        {
            days[h] = horizons[h];
        }

        var fitted = FitAt(connection, cutoff, days, purchaseDays, out var failure);
        var date = Date(cutoff);
        using var transaction = connection.BeginTransaction();
        connection.Execute(Ddl);
        connection.Execute($"DELETE FROM gold.{GoldTables.CustomerLifetime} WHERE cutoff = {date}");
        connection.Execute($"DELETE FROM gold.{GoldTables.LifetimeModels} WHERE cutoff = {date}");
        using (var models = connection.CreateAppender("gold", GoldTables.LifetimeModels))
        {
            if (fitted is not { } f)
            {
                models.Append(cutoff).Append(BgNbd).AppendNull().AppendNull().Append(failure).EndRow();
            }
            else
            {
                AppendParameters(models, cutoff, BgNbd, f.Scores.Model.Parameters);
                if (f.Scores.Spend is { } spend)
                {
                    AppendParameters(models, cutoff, GammaGamma, spend.Parameters);
                }
                else if (failure is not null)
                {
                    models.Append(cutoff).Append(GammaGamma).AppendNull().AppendNull().Append(failure).EndRow();
                }
            }
        }

        if (fitted is { } fit)
        {
            AppendOutputs(connection, cutoff, horizons, fit.Scores, fit.Customers);
        }

        transaction.Commit();
        return failure;
    }

    /// <summary>The outputs stored at <paramref name="frame"/>'s cutoff for <paramref name="horizons"/> days, aligned to the
    /// frame; null with the reason in <paramref name="failure"/> when BG/NBD did not fit there or the outputs were not
    /// built. A spend model that did not fit leaves <see cref="Spend"/> null and says why in <paramref name="failure"/>.</summary>
    public static LifetimeScores? Read(DuckDbConnection connection, CustomerFrame frame, IReadOnlyList<double> horizons, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Read(connection, frame.Cutoff, frame.Ids, horizons, out failure);
    }

    /// <summary>The outputs stored at <paramref name="cutoff"/> for the customers <paramref name="customerIds"/>, in their
    /// order (NaN for a customer gold has no outputs for); otherwise as <see cref="Read(DuckDbConnection, CustomerFrame, IReadOnlyList{double}, out string?)"/>.</summary>
    public static LifetimeScores? Read(DuckDbConnection connection, DateOnly cutoff, IReadOnlyList<string> customerIds, IReadOnlyList<double> horizons, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(horizons);
        failure = null;
        var date = Date(cutoff);
        if (!HasTables(connection))
        {
            failure = $"no lifetime outputs in gold at {cutoff:yyyy-MM-dd}; rebuild the features";
            return null;
        }

        var bgnbd = new Dictionary<string, double>(StringComparer.Ordinal);
        var gamma = new Dictionary<string, double>(StringComparer.Ordinal);
        using (var stored = connection.Query($"SELECT model, parameter, value, failure FROM gold.{GoldTables.LifetimeModels} WHERE cutoff = {date}"))
        {
            for (var i = 0; i < stored.RowCount; i++)
            {
                var model = stored["model"].GetString(i);
                if (!stored["failure"].IsNull(i))
                {
                    failure = stored["failure"].GetString(i);
                    continue;
                }

                (model == BgNbd ? bgnbd : gamma)[stored["parameter"].GetString(i)] = stored["value"].GetDouble(i);
            }
        }

        if (bgnbd.Count == 0)
        {
            failure ??= $"no lifetime outputs in gold at {cutoff:yyyy-MM-dd}; rebuild the features";
            return null;
        }

        var transactions = new BgNbdModel(bgnbd["r"], bgnbd["alpha"], bgnbd["a"], bgnbd["b"]);
        var spend = gamma.Count == 0 ? null : new GammaGammaModel(gamma["p"], gamma["q"], gamma["gamma"]);
        var row = new Dictionary<string, int>(customerIds.Count, StringComparer.Ordinal);
        for (var i = 0; i < customerIds.Count; i++)
        {
            row[customerIds[i]] = i;
        }

        // Column order as LifetimeFeatures.Compute gives it, so matrices with lifetime columns match across cutoffs.
        var columns = new List<KeyValuePair<string, double[]>>();
        for (var h = 0; h < horizons.Count; h++)
        {
            var suffix = horizons[h].ToString("0.###", CultureInfo.InvariantCulture);
            using var result = connection.Query(string.Create(CultureInfo.InvariantCulture, $"""
                SELECT customer_id, p_alive, expected_spend, expected_purchases, p_no_purchase, expected_clv
                FROM gold.{GoldTables.CustomerLifetime} WHERE cutoff = {date} AND horizon_days = {horizons[h]}
                """));
            if (result.RowCount == 0)
            {
                failure = $"no lifetime outputs over {suffix} days in gold at {cutoff:yyyy-MM-dd}; rebuild the features";
                return null;
            }

            // Each result row's place among the customers, looked up once for all of its columns.
            var ids = Places(result["customer_id"], row);
            if (h == 0)
            {
                columns.Add(new("p_alive", Aligned(ids, customerIds.Count, result["p_alive"])));
                if (spend is not null)
                {
                    columns.Add(new("expected_spend", Aligned(ids, customerIds.Count, result["expected_spend"])));
                }
            }

            columns.Add(new($"expected_purchases_{suffix}", Aligned(ids, customerIds.Count, result["expected_purchases"])));
            columns.Add(new($"p_no_purchase_{suffix}", Aligned(ids, customerIds.Count, result["p_no_purchase"])));
            if (spend is not null)
            {
                columns.Add(new($"expected_clv_{suffix}", Aligned(ids, customerIds.Count, result["expected_clv"])));
            }
        }

        return new LifetimeScores(transactions, spend, columns);
    }

    /// <summary>Whether gold has lifetime outputs at every one of <paramref name="cutoffs"/>.</summary>
    public static bool IsBuilt(DuckDbConnection connection, IEnumerable<DateOnly> cutoffs)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(cutoffs);
        if (!HasTables(connection))
        {
            return false;
        }

        foreach (var cutoff in cutoffs)
        {
            if (connection.Scalar<long>($"SELECT count(*) FROM gold.{GoldTables.LifetimeModels} WHERE cutoff = {Date(cutoff)}") == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasTables(DuckDbConnection connection) => connection.Scalar<long>($"""
        SELECT count(*) FROM duckdb_tables()
        WHERE schema_name = 'gold' AND table_name IN ('{GoldTables.CustomerLifetime}', '{GoldTables.LifetimeModels}')
        """) == 2;

    private static string Date(DateOnly cutoff) => SqlScripts.Literal(cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) + "::DATE";

    /// <summary>The row of each id among the customers (-1: not among them).</summary>
    private static int[] Places(DuckDbColumn ids, Dictionary<string, int> row)
    {
        var places = new int[ids.Length];
        for (var i = 0; i < places.Length; i++)
        {
            places[i] = row.TryGetValue(ids.GetString(i), out var k) ? k : -1;
        }

        return places;
    }

    private static double[] Aligned(int[] places, int count, DuckDbColumn values)
    {
        var target = new double[count];
        Array.Fill(target, double.NaN);
        for (var i = 0; i < places.Length; i++)
        {
            if (places[i] >= 0 && !values.IsNull(i))
            {
                target[places[i]] = values.GetDouble(i);
            }
        }

        return target;
    }

    private static void AppendParameters(DuckDbAppender appender, DateOnly cutoff, string model, IReadOnlyList<KeyValuePair<string, double>> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            appender.Append(cutoff).Append(model).Append(name).Append(value).AppendNull().EndRow();
        }
    }

    private static void AppendOutputs(DuckDbConnection connection, DateOnly cutoff, IReadOnlyList<int> horizons, LifetimeScores scores, string[] customers)
    {
        var alive = scores.Column("p_alive");
        var spend = scores.Spend is null ? null : scores.Column("expected_spend");
        using var appender = connection.CreateAppender("gold", GoldTables.CustomerLifetime);
        foreach (var h in horizons)
        {
            var suffix = Suffix(h);
            var purchases = scores.Column("expected_purchases_" + suffix);
            var silent = scores.Column("p_no_purchase_" + suffix);
            var clv = spend is null ? null : scores.Column("expected_clv_" + suffix);
            for (var i = 0; i < customers.Length; i++)
            {
                appender.Append(customers[i]).Append(cutoff).Append(h);
                AppendValue(appender, alive[i]);
                AppendValue(appender, spend is null ? double.NaN : spend[i]);
                AppendValue(appender, purchases[i]);
                AppendValue(appender, silent[i]);
                AppendValue(appender, clv is null ? double.NaN : clv[i]);
                appender.EndRow();
            }
        }
    }

    /// <summary>NaN is stored as NULL, so SQL aggregates over the outputs skip it.</summary>
    private static void AppendValue(DuckDbAppender appender, double value)
    {
        if (double.IsNaN(value))
        {
            appender.AppendNull();
        }
        else
        {
            appender.Append(value);
        }
    }
}
