namespace Patron.Learning.Rules;

/// <summary>Mining would exceed its memory budget: the minimum support is too low for the data.</summary>
public sealed class RuleMiningException : Exception
{
    public RuleMiningException()
    {
    }

    public RuleMiningException(string message)
        : base(message)
    {
    }

    public RuleMiningException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
