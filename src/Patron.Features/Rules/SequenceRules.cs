using System.Globalization;
using Patron.DuckDb;
using Patron.Warehouse;

namespace Patron.Features.Rules;

/// <summary>
/// Sequence rules "bought A, then B within N days" over customers' purchases before a cutoff, computed in DuckDB
/// (<c>Sql/Rules/sequence_pairs.sql</c>, <c>sequences.sql</c>), written to <c>gold.sequence_rules</c>.
/// </summary>
public static class SequenceRules
{
    public const string Table = "sequence_rules";

    /// <summary>The rules with support, confidence and lift at least the options' minimums, best lift first.</summary>
    public static IReadOnlyList<SequenceRule> Mine(DuckDbConnection connection, RuleBuildOptions options, int windowDays)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowDays, 1);
        options.Mining.Validate();
        var cutoff = AssociationRuleBuilder.ResolveCutoff(connection, options.Cutoff);
        var start = BasketSource.Start(cutoff);
        var items = BasketSource.Prepare(connection, options.Level, start);
        var customers = connection.Scalar<long>("SELECT count(DISTINCT customer_id) FROM rx_lines WHERE customer_id IS NOT NULL");
        if (customers == 0)
        {
            return [];
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cutoff"] = start.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ["window"] = windowDays.ToString(CultureInfo.InvariantCulture),
            ["min_count"] = options.Mining.MinCount((int)customers).ToString(CultureInfo.InvariantCulture),
        };
        connection.Execute(SqlScripts.Render(SqlScripts.Load(typeof(BasketSource).Assembly, "Rules/sequence_pairs.sql"), values));
        using var rows = connection.Query(SqlScripts.Render(SqlScripts.Load(typeof(BasketSource).Assembly, "Rules/sequences.sql"), values));
        var rules = new List<SequenceRule>();
        for (var r = 0; r < rows.RowCount; r++)
        {
            var a = rows["antecedent"].GetString(r);
            var b = rows["consequent"].GetString(r);
            var ab = rows["customers_ab"].GetInt64(r);
            var confidence = ab / (double)rows["customers_a"].GetInt64(r);
            var thenB = rows["customers_then_b"].GetInt64(r);
            var lift = thenB == 0 ? double.PositiveInfinity : confidence / (thenB / (double)customers);
            if (confidence < options.Mining.MinConfidence || lift < options.Mining.MinLift)
            {
                continue;
            }

            rules.Add(new SequenceRule(a, b, items.Name(items.Code(a)), items.Name(items.Code(b)), ab, ab / (double)customers, confidence, lift,
                rows["median_days"].GetDouble(r)));
        }

        connection.Execute("DROP TABLE IF EXISTS rx_seq_pairs; DROP TABLE IF EXISTS rx_seq_first; DROP TABLE IF EXISTS rx_seq_items; DROP TABLE IF EXISTS rx_seq_base;");
        rules.Sort((x, y) => y.Lift != x.Lift ? y.Lift.CompareTo(x.Lift)
            : y.Confidence != x.Confidence ? y.Confidence.CompareTo(x.Confidence)
            : string.CompareOrdinal(x.Antecedent + "\n" + x.Consequent, y.Antecedent + "\n" + y.Consequent));
        return rules;
    }

    /// <summary>Replaces gold.sequence_rules for (cutoff, level, window) and optionally writes them to FILE.csv or FILE.parquet.</summary>
    public static void Write(DuckDbConnection connection, DateOnly cutoff, RuleLevel level, int windowDays, IReadOnlyList<SequenceRule> rules, string? path)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(rules);
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS gold.sequence_rules (cutoff DATE NOT NULL, level VARCHAR NOT NULL, window_days INTEGER NOT NULL,
                rank INTEGER NOT NULL, antecedent VARCHAR NOT NULL, consequent VARCHAR NOT NULL, antecedent_name VARCHAR, consequent_name VARCHAR,
                customers BIGINT NOT NULL, support DOUBLE NOT NULL, confidence DOUBLE NOT NULL, lift DOUBLE NOT NULL, median_days DOUBLE NOT NULL);
            CREATE OR REPLACE TEMP TABLE rx_sequences AS SELECT * FROM gold.sequence_rules LIMIT 0;
            """);
        var levelName = MinedRules.LevelName(level);
        using (var appender = connection.CreateAppender("", "rx_sequences"))
        {
            for (var i = 0; i < rules.Count; i++)
            {
                var r = rules[i];
                appender.Append(cutoff).Append(levelName).Append(windowDays).Append(i + 1).Append(r.Antecedent).Append(r.Consequent)
                    .Append(r.AntecedentName).Append(r.ConsequentName).Append(r.Customers).Append(r.Support).Append(r.Confidence).Append(r.Lift).Append(r.MedianDays);
                appender.EndRow();
            }
        }

        var where = string.Create(CultureInfo.InvariantCulture,
            $" WHERE cutoff = DATE '{cutoff:yyyy-MM-dd}' AND level = '{levelName}' AND window_days = {windowDays}");
        using (var transaction = connection.BeginTransaction())
        {
            connection.Execute($"DELETE FROM gold.sequence_rules{where}; INSERT INTO gold.sequence_rules SELECT * FROM rx_sequences; DROP TABLE rx_sequences;");
            transaction.Commit();
        }

        if (path is not null)
        {
            var format = Path.GetExtension(path).Equals(".parquet", StringComparison.OrdinalIgnoreCase) ? "FORMAT PARQUET" : "FORMAT CSV, HEADER TRUE";
            connection.Execute($"COPY (SELECT * FROM gold.sequence_rules{where} ORDER BY rank) TO {SqlScripts.Literal(path)} ({format});");
        }
    }
}
