using Patron.Learning.Data;

namespace Patron.Learning.Explain;

/// <summary>Turns one feature value of a customer into readable text, such as "no order for 142 days, three times their
/// usual gap". The feature registry supplies a describer that knows what each feature means.</summary>
public interface IFeatureDescriber
{
    /// <summary>Text for <paramref name="spec"/> holding <paramref name="value"/> in row <paramref name="row"/> of
    /// <paramref name="x"/> (the whole row is available for describers that relate features, e.g. a gap to its usual value).</summary>
    string Describe(FeatureSpec spec, float value, FeatureMatrix x, int row);
}
