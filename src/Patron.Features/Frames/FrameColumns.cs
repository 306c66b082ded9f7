namespace Patron.Features.Frames;

/// <summary>The rule a frame's column follows into a feature matrix: a column without a single value (no reviews, no
/// sessions in this shop) only adds noise and an all-missing design column, so it is left out.</summary>
public static class FrameColumns
{
    /// <summary>Whether any value is not NaN.</summary>
    public static bool HasValue(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether any value is not null.</summary>
    public static bool HasValue(string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is not null)
            {
                return true;
            }
        }

        return false;
    }
}
