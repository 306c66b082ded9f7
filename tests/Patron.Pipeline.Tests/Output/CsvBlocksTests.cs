using System.Globalization;
using System.Text;
using Patron.Pipeline.Output;

namespace Patron.Pipeline.Tests.Output;

public sealed class CsvBlocksTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(CsvBlocks.BlockRows - 1)]
    [InlineData(CsvBlocks.BlockRows + 1)]
    [InlineData((CsvBlocks.BlockRows * 9) + 17)]
    public void Write_RowsOverSeveralBlocksAndGroups_SameBytesAsOneLineAfterAnother(int rows)
    {
        var folder = Folder();
        try
        {
            var blocks = Path.Combine(folder, "blocks.csv");
            var lines = Path.Combine(folder, "lines.csv");
            var length = CsvBlocks.Write(blocks, "id,text,value", rows, (i, line) => line.Append(Cells(i)));
            using (var writer = CsvText.Create(lines))
            {
                writer.WriteLine("id,text,value");
                for (var i = 0; i < rows; i++)
                {
                    writer.WriteLine(Cells(i));
                }
            }

            Assert.Equal(File.ReadAllBytes(lines), File.ReadAllBytes(blocks));
            Assert.Equal(new FileInfo(blocks).Length, length);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(-0.0)]
    [InlineData(1e-300)]
    [InlineData(double.MaxValue)]
    [InlineData(double.Epsilon)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    [InlineData(123456789.125)]
    [InlineData(1.0 / 3)]
    public void AppendNumber_AnyDouble_TheCellTheLineWriterWrote(double value)
    {
        var line = new StringBuilder("x,").AppendNumber(value);

        Assert.Equal("x," + JsonNumbers.Cell(value), line.ToString());
    }

    // Rows of differing lengths with quoting, accents, characters outside the basic plane and empty cells.
    private static string Cells(int i) => string.Join(',',
        CsvText.Quote("C" + i.ToString("D7", CultureInfo.InvariantCulture)),
        CsvText.Quote((i % 5) switch
        {
            0 => "plain",
            1 => "with, comma and \"quotes\"",
            2 => "Café crème — ünïcode",
            3 => "emoji \U0001F600 outside the basic plane",
            _ => "",
        } + new string('x', i % 300)),
        JsonNumbers.Cell(i % 7 == 0 ? double.NaN : i / 3.0));

    private static string Folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "patron-csv-blocks-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
