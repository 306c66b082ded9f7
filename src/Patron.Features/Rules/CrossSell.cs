using System.Globalization;
using Patron.DuckDb;
using Patron.Learning.Rules;

namespace Patron.Features.Rules;

/// <summary>
/// The entry point for "what goes with this basket": top k items for a list of item ids, by association rules (the best
/// fired rule per item, with its reason in words), filled with the most bought items. Built by mining silver
/// (<see cref="Mine"/>) or from the rules already in gold (<see cref="FromGold"/>).
/// </summary>
/// <remarks>Immutable; <see cref="Recommend"/> is safe to call from several threads.</remarks>
public sealed class CrossSell
{
    private readonly RuleItems _items;
    private readonly BasketKind _by;
    private readonly RuleRecommender _recommender;

    private CrossSell(RuleItems items, BasketKind by, RuleRecommender recommender, DateOnly cutoff, int rules)
    {
        _items = items;
        _by = by;
        _recommender = recommender;
        Cutoff = cutoff;
        Rules = rules;
    }

    /// <summary>The cutoff the rules were mined at.</summary>
    public DateOnly Cutoff { get; }

    /// <summary>Number of rules.</summary>
    public int Rules { get; }

    /// <summary>Mines silver as the options say.</summary>
    public static CrossSell Mine(DuckDbConnection connection, RuleBuildOptions options) => From(AssociationRuleBuilder.Mine(connection, options));

    public static CrossSell From(MinedRules mined)
    {
        ArgumentNullException.ThrowIfNull(mined);
        return new CrossSell(mined.Items, mined.By, mined.Recommender(), mined.Cutoff, mined.Rules.Count);
    }

    /// <summary>
    /// The rules of gold.association_rules for (cutoff, level, basket), the latest cutoff when none is given; null when
    /// there are none. Popularity then covers the items that are some rule's consequent (from their consequent support).
    /// </summary>
    public static CrossSell? FromGold(DuckDbConnection connection, DateOnly? cutoff = null, RuleLevel level = RuleLevel.Product, BasketKind by = BasketKind.Order)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var exists = connection.Scalar<long>($"SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'gold' AND table_name = '{AssociationRuleBuilder.Table}'") > 0;
        if (!exists)
        {
            return null;
        }

        var filter = string.Create(CultureInfo.InvariantCulture, $"level = '{MinedRules.LevelName(level)}' AND basket = '{MinedRules.BasketName(by)}'");
        var day = cutoff is { } c
            ? string.Create(CultureInfo.InvariantCulture, $"DATE '{c:yyyy-MM-dd}'")
            : $"(SELECT max(cutoff) FROM gold.association_rules WHERE {filter})";
        using var rows = connection.Query($"SELECT * FROM gold.association_rules WHERE {filter} AND cutoff = {day} ORDER BY rank");
        return FromRows(rows, by);
    }

    /// <summary>
    /// The rules of a rules file (<c>rules.parquet</c> of a run folder, or a <c>patron rules --out</c> Parquet file:
    /// the columns of the association rules table); null when it holds no rule. The basket kind is the file's own.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static CrossSell? FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Rules file {path} does not exist.", path);
        }

        using var connection = DuckDbConnection.OpenInMemory();
        using var rows = connection.Query($"SELECT * FROM read_parquet({Warehouse.SqlScripts.Literal(path)}) ORDER BY rank");
        if (rows.RowCount == 0)
        {
            return null;
        }

        var by = rows["basket"].GetString(0) == MinedRules.BasketName(BasketKind.Customer) ? BasketKind.Customer : BasketKind.Order;
        return FromRows(rows, by);
    }

    /// <summary>Rules from rows with the association rules table's columns, in rank order.</summary>
    private static CrossSell? FromRows(DuckDbResult rows, BasketKind by)
    {
        if (rows.RowCount == 0)
        {
            return null;
        }

        var ids = new List<string>();
        var names = new List<string>();
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        int[] Code(string joinedIds, string? joinedNames)
        {
            var parts = joinedIds.Split('|');
            var labels = joinedNames?.Split(" + ") is { } split && split.Length == parts.Length ? split : parts;
            var result = new int[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                if (!codes.TryGetValue(parts[i], out var code))
                {
                    code = codes[parts[i]] = ids.Count;
                    ids.Add(parts[i]);
                    names.Add(labels[i]);
                }

                result[i] = code;
            }

            Array.Sort(result);
            return result;
        }

        var rules = new List<AssociationRule>((int)rows.RowCount);
        var consequentSupport = new Dictionary<int, double>();
        for (var r = 0; r < rows.RowCount; r++)
        {
            var support = rows["support"].GetDouble(r);
            var count = rows["baskets"].GetInt64(r);
            var total = (int)Math.Round(count / support);
            var antecedent = Code(rows["antecedents"].GetString(r), rows["antecedent_names"].IsNull(r) ? null : rows["antecedent_names"].GetString(r));
            var consequent = Code(rows["consequents"].GetString(r), rows["consequent_names"].IsNull(r) ? null : rows["consequent_names"].GetString(r));
            var rule = new AssociationRule
            {
                Antecedent = antecedent,
                Consequent = consequent,
                AntecedentCount = (int)Math.Round(rows["antecedent_support"].GetDouble(r) * total),
                ConsequentCount = (int)Math.Round(rows["consequent_support"].GetDouble(r) * total),
                Count = (int)count,
                Baskets = total,
            };
            rules.Add(rule);
            if (consequent.Length == 1)
            {
                consequentSupport[consequent[0]] = rule.ConsequentCount;
            }
        }

        var items = new RuleItems([.. ids], [.. names]);
        var popularity = new int[items.Count];
        foreach (var (item, baskets) in consequentSupport)
        {
            popularity[item] = (int)baskets;
        }

        var mined = rows["cutoff"].GetDate(0);
        return new CrossSell(items, by, new RuleRecommender(rules, items.Count, popularity), mined, rules.Count);
    }

    /// <summary>Whether some rule speaks of item <paramref name="id"/>.</summary>
    public bool Knows(string id) => _items.Code(id) >= 0;

    /// <summary>The top <paramref name="k"/> items for a basket of item ids (unknown ids are ignored), never one of them.</summary>
    public IReadOnlyList<ProductSuggestion> Recommend(IEnumerable<string> basket, int k = 5)
    {
        ArgumentNullException.ThrowIfNull(basket);
        var codes = new List<int>();
        foreach (var id in basket)
        {
            var code = _items.Code(id);
            if (code >= 0 && !codes.Contains(code))
            {
                codes.Add(code);
            }
        }

        return Suggestions(_recommender.Recommend(codes.ToArray(), k), _items, _by);
    }

    internal static IReadOnlyList<ProductSuggestion> Suggestions(IReadOnlyList<Recommendation> picks, RuleItems items, BasketKind by)
    {
        var list = new ProductSuggestion[picks.Count];
        for (var i = 0; i < list.Length; i++)
        {
            var pick = picks[i];
            list[i] = new ProductSuggestion(items.Id(pick.Item), items.Name(pick.Item), pick.Score, pick.Rule is null ? "popular" : "rule", RuleReasons.Text(pick, items, by));
        }

        return list;
    }
}
