using Patron.Server.Contracts;

namespace Patron.Server.Store;

/// <summary>Builds a customer's profile from the columns of a snapshot.</summary>
internal static class ProfileBuilder
{
    public static CustomerProfile Build(RunSnapshot snapshot, int row, bool withFeatures)
    {
        var c = snapshot.Customers;
        var reasons = new List<string>(c.Reasons.Count);
        foreach (var column in c.Reasons)
        {
            if (column[row] is { } text)
            {
                reasons.Add(text);
            }
        }

        Dictionary<string, object?>? features = null;
        if (withFeatures)
        {
            features = new Dictionary<string, object?>(c.Features.Count, StringComparer.Ordinal);
            foreach (var feature in c.Features)
            {
                features[feature.Name] = feature.Numbers is { } numbers
                    ? (double.IsNaN(numbers[row]) ? null : numbers[row])
                    : feature.Texts![row];
            }
        }

        List<NextProduct>? next = null;
        if (c.NextProducts.Count > 0)
        {
            next = new List<NextProduct>(c.NextProducts.Count);
            foreach (var rank in c.NextProducts)
            {
                if (rank.ProductIds[row] is { } product)
                {
                    next.Add(new NextProduct(product, rank.Names[row], rank.Scores[row], rank.Sources[row] ?? "", rank.Reasons[row] ?? ""));
                }
            }
        }

        var churn = Value(c.Churn, row);
        return new CustomerProfile
        {
            CustomerId = c.Ids.IdAt(row),
            Segment = c.Segments[row],
            RecommendedAction = c.Actions[row],
            ChurnProbability = churn,
            ChurnRiskBand = churn is { } p ? Patron.Pipeline.Output.Predictions.RiskBand(p) : null,
            RepeatProbability = Value(c.Repeat, row),
            HighValueProbability = Value(c.HighValue, row),
            HighValueFlag = c.HighValueFlag is null || c.HighValueFlag[row] < 0 ? null : c.HighValueFlag[row] == 1,
            PredictedClv = Value(c.Clv, row),
            PredictedClvLower = Value(c.ClvLower, row),
            PredictedClvUpper = Value(c.ClvUpper, row),
            PAlive = Value(c.PAlive, row),
            ExpectedPurchases = Value(c.ExpectedPurchases, row),
            EarlyHighValueProbability = Value(c.EarlyHighValue, row),
            Reasons = reasons,
            NextProducts = next,
            Features = features,
            AsOf = snapshot.AsOf,
            ModelVersions = snapshot.ModelVersions,
        };
    }

    private static double? Value(NumberColumn? column, int row) => column is null || double.IsNaN(column[row]) ? null : column[row];
}
