using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CudaImages.Docker;

/// <summary>
/// Reads the JSON messages the engine streams from POST /build (one per line): passes every output line on,
/// remembers the current step and the last lines for error reports, and picks up the built image's ID.
/// </summary>
sealed partial class BuildOutput(TextWriter log, Action<string> step)
{
    public const int KeptLines = 20;

    readonly Queue<string> lastLines = new();
    readonly StringBuilder partialLine = new();
    string? imageId;
    string? shortImageId;
    string? error;

    /// <summary>The last "Step N/M : ..." line seen, or "" before the first.</summary>
    public string CurrentStep { get; private set; } = "";

    public IReadOnlyList<string> LastLines => [.. lastLines];

    public void Read(string message)
    {
        if (string.IsNullOrWhiteSpace(message))
            return;

        using var json = JsonDocument.Parse(message);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            return;

        if (Text(root, "stream") is { } text)
            Append(text);
        if (root.TryGetProperty("aux", out var aux) && aux.ValueKind == JsonValueKind.Object && Text(aux, "ID") is { } id)
            imageId = id;
        if (Error(root) is { Length: > 0 } failure)
            error = failure;
    }

    /// <summary>The built image's ID (sha256:..., or the short ID of "Successfully built" when the engine sent no aux message).</summary>
    /// <exception cref="ImageBuildException">The engine reported an error, or ended without naming an image.</exception>
    public string Finish()
    {
        FlushPartialLine();
        if (error is not null)
            throw new ImageBuildException(CurrentStep, error, LastLines);
        return imageId ?? shortImageId
            ?? throw new ImageBuildException(CurrentStep, "the engine ended the build without naming the image it built", LastLines);
    }

    void Append(string text)
    {
        partialLine.Append(text);
        var buffered = partialLine.ToString();
        var end = buffered.LastIndexOf('\n');
        if (end < 0)
            return;

        partialLine.Clear().Append(buffered[(end + 1)..]);
        foreach (var line in buffered[..end].Split('\n'))
            Line(line.TrimEnd('\r'));
    }

    void FlushPartialLine()
    {
        if (partialLine.Length == 0)
            return;
        var rest = partialLine.ToString();
        partialLine.Clear();
        Line(rest.TrimEnd('\r'));
    }

    void Line(string line)
    {
        log.WriteLine(line);
        lastLines.Enqueue(line);
        if (lastLines.Count > KeptLines)
            lastLines.Dequeue();

        if (StepLine().IsMatch(line))
        {
            CurrentStep = line;
            step(line);
        }
        else if (SuccessLine().Match(line) is { Success: true } success)
        {
            shortImageId = success.Groups[1].Value;
        }
    }

    static string? Error(JsonElement root) =>
        root.TryGetProperty("errorDetail", out var detail) && detail.ValueKind == JsonValueKind.Object && Text(detail, "message") is { } message
            ? message.Trim()
            : Text(root, "error")?.Trim();

    static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"^Step \d+/\d+ : ")]
    private static partial Regex StepLine();

    [GeneratedRegex(@"^Successfully built ([0-9a-f]+)\s*$")]
    private static partial Regex SuccessLine();
}
