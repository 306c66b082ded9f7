namespace Patron.Learning.Tuning;

/// <summary>An integer uniform on [Low, High] (both included).</summary>
public sealed record IntegerParameter(string Name, int Low, int High) : ParameterDistribution(Name)
{
    public override object Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.Next(Low, High + 1);
    }
}
