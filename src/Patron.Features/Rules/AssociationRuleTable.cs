using System.Globalization;
using Patron.DuckDb;
using Patron.Warehouse;

namespace Patron.Features.Rules;

/// <summary>Writes and exports <c>gold.association_rules</c> (DDL: <c>Sql/Rules/association_rules.sql</c>).</summary>
public static class AssociationRuleTable
{
    /// <summary>Replaces the rules of the mining's (cutoff, level, basket) in one transaction.</summary>
    public static void Write(DuckDbConnection connection, MinedRules mined)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(mined);
        connection.Execute(SqlScripts.Load(typeof(BasketSource).Assembly, "Rules/association_rules.sql"));
        connection.Execute("CREATE OR REPLACE TEMP TABLE rx_rules AS SELECT * FROM gold.association_rules LIMIT 0;");
        var level = MinedRules.LevelName(mined.Level);
        var basket = MinedRules.BasketName(mined.By);
        using (var appender = connection.CreateAppender("", "rx_rules"))
        {
            for (var i = 0; i < mined.Rules.Count; i++)
            {
                var rule = mined.Rules[i];
                appender.Append(mined.Cutoff).Append(level).Append(basket).Append(i + 1)
                    .Append(mined.Items.Ids(rule.Antecedent)).Append(mined.Items.Ids(rule.Consequent))
                    .Append(mined.Items.Names(rule.Antecedent)).Append(mined.Items.Names(rule.Consequent))
                    .Append(rule.AntecedentSupport).Append(rule.ConsequentSupport).Append(rule.Support)
                    .Append(rule.Confidence).Append(rule.Lift).Append(rule.Leverage).Append(rule.Conviction)
                    .Append(rule.ZhangsMetric).Append(rule.Jaccard).Append((long)rule.Count);
                appender.EndRow();
            }
        }

        var where = Where(mined.Cutoff, level, basket);
        using var transaction = connection.BeginTransaction();
        connection.Execute($"DELETE FROM gold.association_rules{where}; INSERT INTO gold.association_rules SELECT * FROM rx_rules ORDER BY rank; DROP TABLE rx_rules;");
        transaction.Commit();
    }

    /// <summary>Writes one mining's rules to FILE.csv or FILE.parquet in rank order; returns the rows written.</summary>
    public static long Export(DuckDbConnection connection, DateOnly cutoff, RuleLevel level, BasketKind by, string path)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".parquet" => "FORMAT PARQUET",
            ".csv" => "FORMAT CSV, HEADER TRUE",
            _ => throw new ArgumentException($"'{path}': expected a .parquet or .csv file name."),
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var where = Where(cutoff, MinedRules.LevelName(level), MinedRules.BasketName(by));
        connection.Execute($"COPY (SELECT * FROM gold.association_rules{where} ORDER BY rank) TO {SqlScripts.Literal(path)} ({format});");
        return connection.Scalar<long>($"SELECT count(*) FROM gold.association_rules{where}");
    }

    /// <summary>The strongest rules of a mining by rank: the names on each side with support, confidence and lift.</summary>
    /// <param name="connection">The warehouse.</param>
    /// <param name="cutoff">The mining's cutoff.</param>
    /// <param name="level">Its level's name (product, category).</param>
    /// <param name="basket">Its basket's name (order, customer).</param>
    /// <param name="limit">How many rules at most.</param>
    public static IReadOnlyList<(string Antecedents, string Consequents, double Support, double Confidence, double Lift)> Top(
        DuckDbConnection connection, DateOnly cutoff, string level, string basket, int limit)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var rows = connection.Query(string.Create(CultureInfo.InvariantCulture,
            $"SELECT antecedent_names, consequent_names, support, confidence, lift FROM gold.association_rules{Where(cutoff, level, basket)} ORDER BY rank LIMIT {limit}"));
        var list = new List<(string, string, double, double, double)>((int)rows.RowCount);
        for (var i = 0; i < (int)rows.RowCount; i++)
        {
            list.Add((rows["antecedent_names"].GetString(i), rows["consequent_names"].GetString(i), rows["support"].GetDouble(i), rows["confidence"].GetDouble(i), rows["lift"].GetDouble(i)));
        }

        return list;
    }

    private static string Where(DateOnly cutoff, string level, string basket) => string.Create(CultureInfo.InvariantCulture,
        $" WHERE cutoff = DATE '{cutoff:yyyy-MM-dd}' AND level = {SqlScripts.Literal(level)} AND basket = {SqlScripts.Literal(basket)}");
}
