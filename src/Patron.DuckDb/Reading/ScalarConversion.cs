using System.Globalization;

namespace Patron.DuckDb.Reading;

/// <summary>Converts one value of a result column to the type a caller of <c>Scalar&lt;T&gt;</c> asked for.</summary>
internal static class ScalarConversion
{
    /// <summary>
    /// The value at <paramref name="row"/> as <typeparamref name="T"/>; default for NULL (so null when
    /// <typeparamref name="T"/> is nullable). Numeric types convert between each other with overflow checks.
    /// </summary>
    public static T? Convert<T>(DuckDbColumn column, int row)
    {
        if (column.IsNull(row))
        {
            return default;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        object value;
        if (target == typeof(long))
        {
            value = column.GetInt64(row);
        }
        else if (target == typeof(int))
        {
            value = column.GetInt32(row);
        }
        else if (target == typeof(double))
        {
            value = column.GetDouble(row);
        }
        else if (target == typeof(decimal))
        {
            value = column.GetDecimal(row);
        }
        else if (target == typeof(float))
        {
            value = (float)column.GetDouble(row);
        }
        else if (target == typeof(string))
        {
            value = column.GetString(row);
        }
        else if (target == typeof(bool))
        {
            value = column.GetBoolean(row);
        }
        else if (target == typeof(DateOnly))
        {
            value = column.GetDate(row);
        }
        else if (target == typeof(DateTime))
        {
            value = column.GetTimestamp(row);
        }
        else if (target == typeof(Int128))
        {
            value = column.GetInt128(row);
        }
        else if (target == typeof(object))
        {
            value = column.GetValue(row)!;
        }
        else
        {
            var raw = column.GetValue(row)!;
            value = raw.GetType() == target ? raw : System.Convert.ChangeType(raw, target, CultureInfo.InvariantCulture);
        }

        return (T)value;
    }
}
