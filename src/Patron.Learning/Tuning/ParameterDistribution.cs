namespace Patron.Learning.Tuning;

/// <summary>How one hyper-parameter is drawn in a search.</summary>
public abstract record ParameterDistribution(string Name)
{
    /// <summary>Draws a value (double, int or string).</summary>
    public abstract object Sample(Random random);
}
