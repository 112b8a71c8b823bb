<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AutomationAudit</name>
    <message numerus="yes">
        <source>The app stopped during %n run(s) (killed, crashed, or the machine went down). Each now has an “interrupted” row; everything those runs did is in the log, and nothing ran after it.</source>
        <translation>
            <numerusform>The app stopped during %n run (killed, crashed, or the machine went down). Each now has an “interrupted” row; everything those runs did is in the log, and nothing ran after it.</numerusform>
            <numerusform>The app stopped during %n runs (killed, crashed, or the machine went down). Each now has an “interrupted” row; everything those runs did is in the log, and nothing ran after it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AutomationPanel</name>
    <message numerus="yes">
        <source>Exported %n audit row(s) to {path}.</source>
        <translation>
            <numerusform>Exported %n audit row to {path}.</numerusform>
            <numerusform>Exported %n audit rows to {path}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Run {run} on {model}: {status} after %n step(s) in {seconds} s.</source>
        <translation>
            <numerusform>Run {run} on {model}: {status} after %n step in {seconds} s.</numerusform>
            <numerusform>Run {run} on {model}: {status} after %n steps in {seconds} s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Run {run}: {status} after %n step(s) in {seconds} s.</source>
        <translation>
            <numerusform>Run {run}: {status} after %n step in {seconds} s.</numerusform>
            <numerusform>Run {run}: {status} after %n steps in {seconds} s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You stepped in %n time(s).</source>
        <translation>
            <numerusform>You stepped in %n time.</numerusform>
            <numerusform>You stepped in %n times.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rules blocked %n call(s).</source>
        <translation>
            <numerusform>Rules blocked %n call.</numerusform>
            <numerusform>Rules blocked %n calls.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CompletionPanel</name>
    <message numerus="yes">
        <source>Generating… %n token(s)</source>
        <translation>
            <numerusform>Generating… %n token</numerusform>
            <numerusform>Generating… %n tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{first} Second model: generating… %n token(s)</source>
        <translation>
            <numerusform>{first} Second model: generating… %n token</numerusform>
            <numerusform>{first} Second model: generating… %n tokens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EvaluateView</name>
    <message numerus="yes">
        <source>Exported %n row(s) to {path}.</source>
        <translation>
            <numerusform>Exported %n row to {path}.</numerusform>
            <numerusform>Exported %n rows to {path}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Memory: {total} MiB (app {app} + %n model hosts {host})</source>
        <translation>
            <numerusform>Memory: {total} MiB (app {app} + %n model hosts {host})</numerusform>
            <numerusform>Memory: {total} MiB (app {app} + %n model hosts {host})</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RepeatView</name>
    <message numerus="yes">
        <source>Stopped after %n run(s).</source>
        <translation>
            <numerusform>Stopped after %n run.</numerusform>
            <numerusform>Stopped after %n runs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done: %n run(s).</source>
        <translation>
            <numerusform>Done: %n run.</numerusform>
            <numerusform>Done: %n runs.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SamplingPathView</name>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n token</numerusform>
            <numerusform>%n tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;The distribution it draws from&lt;/b&gt; (%Ln candidate(s)), random number u = {u}: drawn “{token}”. {note}</source>
        <translation>
            <numerusform>&lt;b&gt;The distribution it draws from&lt;/b&gt; (%Ln candidate), random number u = {u}: drawn “{token}”. {note}</numerusform>
            <numerusform>&lt;b&gt;The distribution it draws from&lt;/b&gt; (%Ln candidates), random number u = {u}: drawn “{token}”. {note}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScoreTextView</name>
    <message numerus="yes">
        <source>%n window(s)</source>
        <translation>
            <numerusform>%n window</numerusform>
            <numerusform>%n windows</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServersList</name>
    <message numerus="yes">
        <source>Connected, %n model(s)</source>
        <translation>
            <numerusform>Connected, %n model</numerusform>
            <numerusform>Connected, %n models</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VisionCounts</name>
    <message numerus="yes">
        <source>%Ln picture(s)</source>
        <translation>
            <numerusform>%Ln picture</numerusform>
            <numerusform>%Ln pictures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln label(s)</source>
        <translation>
            <numerusform>%Ln label</numerusform>
            <numerusform>%Ln labels</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Classified %Ln picture(s) in {seconds} s ({speed:,.0f} per second).</source>
        <translation>
            <numerusform>Classified %Ln picture in {seconds} s ({speed:,.0f} per second).</numerusform>
            <numerusform>Classified %Ln pictures in {seconds} s ({speed:,.0f} per second).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Classified %Ln picture(s) in {seconds} s.</source>
        <translation>
            <numerusform>Classified %Ln picture in {seconds} s.</numerusform>
            <numerusform>Classified %Ln pictures in {seconds} s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln could not be read (hover them to see why).</source>
        <translation>
            <numerusform>%Ln could not be read (hover them to see why).</numerusform>
            <numerusform>%Ln could not be read (hover them to see why).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported to {path} (%Ln row(s)).</source>
        <translation>
            <numerusform>Exported to {path} (%Ln row).</numerusform>
            <numerusform>Exported to {path} (%Ln rows).</numerusform>
        </translation>
    </message>
</context>
</TS>
