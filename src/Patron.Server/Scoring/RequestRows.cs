namespace Patron.Server.Scoring;

/// <summary>Rows of a scoring request, parsed and checked column by column: numbers (NaN for null) and texts.</summary>
internal sealed class RequestRows
{
    private readonly Dictionary<string, double[]> _numbers;
    private readonly Dictionary<string, string?[]> _texts;

    public RequestRows(int count, Dictionary<string, double[]> numbers, Dictionary<string, string?[]> texts)
    {
        Count = count;
        _numbers = numbers;
        _texts = texts;
    }

    public int Count { get; }

    /// <summary>A number or flag column (flags as 0/1).</summary>
    public double[] Numbers(string name) => _numbers[name];

    /// <summary>A text column.</summary>
    public string?[] Texts(string name) => _texts[name];

    public bool HasNumbers(string name) => _numbers.ContainsKey(name);

    public bool HasTexts(string name) => _texts.ContainsKey(name);
}
