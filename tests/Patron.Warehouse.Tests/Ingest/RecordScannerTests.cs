using System.Text;
using Patron.Warehouse.Ingest;

namespace Patron.Warehouse.Tests.Ingest;

/// <summary>
/// The record scanner that skips runs of plain bytes by a vectorized search against the same state machine fed every
/// byte: the same records, physical lines and quote damage (line and reason), whatever the content and however the file
/// is cut into chunks.
/// </summary>
public sealed class RecordScannerTests
{
    [Theory]
    [InlineData("a,b\n1,2\n", 2, 3)]
    [InlineData("a,b\r\n1,\"x\r\ny\"\r\n\r\n2,3", 3, 5)]
    [InlineData("a;b\n\"1;2\";\"say \"\"hi\"\"\"\n", 2, 3)]
    [InlineData("a,b\n1,x\"y\n2,3\n", 3, 4)]
    [InlineData("a,b\r1,2\r\r3,4", 3, 4)]
    public void Feed_KnownFiles_CountsRecordsAndLines(string text, long records, long lines)
    {
        foreach (var chunk in new[] { 1, 2, 3, 7, 1 << 20 })
        {
            var scanner = Scan(Encoding.UTF8.GetBytes(text), text.Contains(';', StringComparison.Ordinal) ? ';' : ',', chunk, skipRuns: true);
            Assert.Equal(records, scanner.Records);
            Assert.Equal(lines, scanner.Line);
            Assert.Null(scanner.Damage);
        }
    }

    [Theory]
    [InlineData("a,b\n1,\"open\n2,3\n", 2)]
    [InlineData("a,b\n1,\"x\ny\"z,2\n3,4\n", 2)]
    public void Feed_DamagedQuotes_ReportsTheLineTheFieldOpened(string text, long line)
    {
        foreach (var chunk in new[] { 1, 4, 1 << 20 })
        {
            var scanner = Scan(Encoding.UTF8.GetBytes(text), ',', chunk, skipRuns: true);
            Assert.Equal(line, scanner.Damage?.Line);
        }
    }

    [Fact]
    public void Feed_RandomFilesInRandomChunks_SameAsEveryByteThroughTheStateMachine()
    {
        var random = new Random(17);
        var alphabet = "ab,,;\"\"\n\r\r\n  \t1é"u8.ToArray();
        var (damaged, whole) = (0, 0);
        for (var file = 0; file < 3000; file++)
        {
            var bytes = new byte[random.Next(0, 400)];
            for (var i = 0; i < bytes.Length; i++)
            {
                // Mostly plain text, so that runs long enough for the vectorized search occur between the special bytes.
                bytes[i] = random.Next(4) == 0 ? alphabet[random.Next(alphabet.Length)] : (byte)('c' + random.Next(20));
            }

            foreach (var delimiter in new[] { ',', ';', '\t' })
            {
                var expected = Scan(bytes, delimiter, bytes.Length + 1, skipRuns: false);
                var actual = Scan(bytes, delimiter, 1 + random.Next(64), skipRuns: true);
                Assert.Equal(expected.Records, actual.Records);
                Assert.Equal(expected.Line, actual.Line);
                Assert.Equal(expected.Damage, actual.Damage);
                damaged += expected.Damage is null ? 0 : 1;
                whole += expected.Damage is null ? 1 : 0;
            }
        }

        // The random files include damaged and whole ones, so the damage path is compared too, not only the counts.
        Assert.True(damaged > 100 && whole > 100, $"{damaged} damaged and {whole} whole files");
    }

    private static RecordScanner Scan(byte[] bytes, char delimiter, int chunk, bool skipRuns)
    {
        var scanner = new RecordScanner(delimiter, quotes: true, skipRuns);
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            scanner.Feed(bytes.AsSpan(offset, Math.Min(chunk, bytes.Length - offset)));
        }

        scanner.Finish();
        return scanner;
    }
}
