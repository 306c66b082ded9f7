using System.Text.RegularExpressions;

namespace Patron.Cli;

/// <summary>
/// The one place that turns a failure into the line a user reads: the reason in the product's words, without the
/// internals an exception carries (a parameter name, a .NET type name, the SQL statement that failed).
/// </summary>
internal static partial class UserErrors
{
    /// <summary>The message of <paramref name="error"/> (or of the failure it wraps) for the terminal.</summary>
    public static string Describe(Exception error)
    {
        while (error is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            error = aggregate.InnerExceptions[0];
        }

        var message = error is ArgumentException { ParamName: { Length: > 0 } name } argument
            ? argument.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal)
            : error.Message;
        return Clean(message);
    }

    /// <summary>A command-line parse error with .NET type names put into words.</summary>
    public static string DescribeParseError(string message)
    {
        message = ExpectedType().Replace(message, m => $": expected {Kind(m.Groups["type"].Value)}");
        return Clean(message);
    }

    /// <summary>Drops a repeated statement ("SQL: ...") and any type name left in <paramref name="message"/>.</summary>
    private static string Clean(string message)
    {
        var sql = message.IndexOf("SQL: ", StringComparison.Ordinal);
        if (sql >= 0)
        {
            message = message[..sql];
        }

        message = TypeName().Replace(message, m => Kind(m.Value));
        return message.TrimEnd();
    }

    /// <summary>What a value of the .NET type <paramref name="type"/> looks like on a command line.</summary>
    private static string Kind(string type)
    {
        var inner = NullableOf().Match(type) is { Success: true } nullable ? nullable.Groups["inner"].Value : type;
        return inner switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" or "System.UInt32" or "System.UInt64" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            "System.IO.FileInfo" => "a file path",
            "System.IO.DirectoryInfo" => "a folder path",
            _ => "a value of another form",
        };
    }

    [GeneratedRegex(@" as expected type '(?<type>[^']+)'")]
    private static partial Regex ExpectedType();

    [GeneratedRegex(@"System\.Nullable`1\[(?<inner>[^\]]+)\]")]
    private static partial Regex NullableOf();

    [GeneratedRegex(@"System\.Nullable`1\[[^\]]+\]|System\.(Int16|Int32|Int64|UInt32|UInt64|Double|Single|Decimal|Boolean|IO\.FileInfo|IO\.DirectoryInfo)\b")]
    private static partial Regex TypeName();
}
