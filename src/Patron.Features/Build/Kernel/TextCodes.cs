using System.Text;

namespace Patron.Features.Build.Kernel;

/// <summary>The distinct values of a text column numbered as they first appear, with their UTF-8 bytes for writing.</summary>
/// <remarks>Text features (country, channel, …) take few values, so rows carry a number and the text is written once per
/// value. Not thread-safe while values are added; reading is safe once adding is done.</remarks>
internal sealed class TextCodes
{
    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
    private readonly List<byte[]> _utf8 = [];

    public TextCodes()
    {
    }

    /// <summary>Codes for a fixed list of names, in their order.</summary>
    public TextCodes(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            _ = Code(name);
        }
    }

    public int Count => _utf8.Count;

    /// <summary>The code of <paramref name="text"/>, or -1 for null.</summary>
    public int Code(string? text)
    {
        if (text is null)
        {
            return -1;
        }

        if (!_codes.TryGetValue(text, out var code))
        {
            code = _utf8.Count;
            _codes.Add(text, code);
            _utf8.Add(Encoding.UTF8.GetBytes(text));
        }

        return code;
    }

    public ReadOnlySpan<byte> Utf8(int code) => _utf8[code];
}
