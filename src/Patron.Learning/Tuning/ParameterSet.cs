using System.Globalization;
using System.Text;

namespace Patron.Learning.Tuning;

/// <summary>One immutable assignment of hyper-parameter values.</summary>
public sealed class ParameterSet
{
    private readonly Dictionary<string, object> _values;

    public ParameterSet(IReadOnlyDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, object>(values, StringComparer.Ordinal);
    }

    /// <summary>Parameter names, sorted.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            var names = new List<string>(_values.Keys);
            names.Sort(StringComparer.Ordinal);
            return names;
        }
    }

    /// <summary>The raw value.</summary>
    public object this[string name] => _values.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"No parameter '{name}' in this set ({this}).");

    public double GetDouble(string name) => Convert.ToDouble(this[name], CultureInfo.InvariantCulture);

    public int GetInt(string name) => Convert.ToInt32(this[name], CultureInfo.InvariantCulture);

    public string GetString(string name) => Convert.ToString(this[name], CultureInfo.InvariantCulture) ?? "";

    /// <summary>The value as invariant text (doubles round-trip).</summary>
    public string Format(string name) => this[name] switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString() ?? "",
    };

    /// <summary>"a=1, b=0.5" in name order.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var name in Names)
        {
            if (text.Length > 0)
            {
                text.Append(", ");
            }

            text.Append(name).Append('=').Append(Format(name));
        }

        return text.ToString();
    }
}
