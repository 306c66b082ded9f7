namespace Patron.Learning.Tuning;

/// <summary>One of a fixed list of values (numbers or strings), each equally likely.</summary>
public sealed record ChoiceParameter(string Name, IReadOnlyList<object> Values) : ParameterDistribution(Name)
{
    public override object Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Values[random.Next(Values.Count)];
    }
}
