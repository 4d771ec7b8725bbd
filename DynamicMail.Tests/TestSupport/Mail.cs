namespace DynamicMail.Tests.TestSupport;

/// <summary>Sends test messages through the real MX listener and returns their queue ids.</summary>
public static class Mail
{
    public static async Task<string> SendAsync(System.Net.IPEndPoint smtp, string from, string to, string subject)
    {
        await using var dialogue = await SmtpDialogue.ConnectAsync(smtp);
        await dialogue.SendAsync("EHLO sender.example");
        var reply = await dialogue.SendMessageAsync(from, [to], $"From: <{from}>\r\nSubject: {subject}\r\n\r\nbody of {subject}");
        Assert.StartsWith("250", reply);
        return QueueReading.QueueId(reply);
    }
}
