using System.CommandLine;
using System.Globalization;

namespace Patron.Cli.Commands;

/// <summary>
/// Checks of option values that run while the command line is parsed, so a bad value is refused before any work
/// starts (and reported like every other parse error).
/// </summary>
internal static class OptionRules
{
    /// <summary>Refuses a value below <paramref name="minimum"/>.</summary>
    public static Option<int?> AtLeast(this Option<int?> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value && value < minimum)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name}: expected at least {minimum}, got {value}."));
            }
        });
        return option;
    }

    /// <summary>Refuses a value below <paramref name="minimum"/>.</summary>
    public static Option<int> AtLeast(this Option<int> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < minimum)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name}: expected at least {minimum}, got {value}."));
            }
        });
        return option;
    }

    /// <summary>Refuses a file whose name does not end with one of <paramref name="extensions"/> (e.g. <c>.csv</c>).</summary>
    public static TOption Extensions<TOption>(this TOption option, params string[] extensions)
        where TOption : Option
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0)
            {
                return;
            }

            var path = result.Tokens[^1].Value;
            foreach (var extension in extensions)
            {
                if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }
            }

            result.AddError($"{option.Name}: '{path}' must end with {string.Join(" or ", extensions)}.");
        });
        return option;
    }
}
