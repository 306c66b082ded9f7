using System.Text;
using Patron.Features.Rules;
using Patron.Pipeline.Output;

namespace Patron.Pipeline.Tests.Output;

public sealed class CsvTextTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain text")]
    [InlineData("a, comma")]
    [InlineData("\"")]
    [InlineData("\"\"")]
    [InlineData("say \"hi\", twice \"\"")]
    [InlineData("ends with a quote\"")]
    [InlineData("line\nbreak")]
    [InlineData("carriage\rreturn")]
    [InlineData("Café, ünïcode \U0001F600 \"quoted\"")]
    public void AppendQuoted_AnyText_TheCellQuoteGives(string? text)
    {
        var line = new StringBuilder("x,").AppendQuoted(text);

        Assert.Equal("x," + CsvText.Quote(text), line.ToString());
    }

    // The ids of each case joined by '/'; "" is no id at all.
    [Theory]
    [InlineData("")]
    [InlineData("P1")]
    [InlineData("P1/P2/P3")]
    [InlineData("P1/with,comma/P3")]
    [InlineData("say \"hi\"/P2")]
    [InlineData("P1/line\nbreak")]
    public void AppendNextProductIds_AnyIds_TheQuotedJoinedCell(string joined)
    {
        var ids = joined.Length == 0 ? [] : joined.Split('/');
        var next = ids.Select(id => new ProductSuggestion(id, "name", 0.5, "rule", "because")).ToArray();

        var line = PredictionsWriter.AppendNextProductIds(new StringBuilder("x,"), next);

        Assert.Equal("x," + CsvText.Quote(Predictions.NextProductIds(next)), line.ToString());
    }
}
