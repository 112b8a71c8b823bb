<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
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
    <name>AutoLoader</name>
    <message>
        <source>The last used model is no longer at {path}; the default model is loaded instead.</source>
        <translation>마지막으로 쓴 모델이 더 이상 {path}에 없어요. 대신 기본 모델을 불러왔어요.</translation>
    </message>
</context>
<context>
    <name>AutomationPanel</name>
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
    <name>CompletionPanel</name>
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
        <translation>첫 번째 실행을 어디서 할지 골라요. 이 컴퓨터에 불러온 모델이나, 모델 패널에서 추가한 서버의 모델이에요.</translation>
    </message>
    <message>
        <source>A run on a server: these times are measured here, so they include network time.</source>
        <translation>서버에서 실행했어요. 이 시간은 여기서 잰 것이라 네트워크 시간도 들어 있어요.</translation>
    </message>
    <message>
        <source>That server was removed. Pick another model to run on.</source>
        <translation>그 서버는 삭제됐어요. 실행할 다른 모델을 골라 주세요.</translation>
    </message>
    <message>
        <source>On a server: &lt;b&gt;{name}&lt;/b&gt; — &lt;span style=&apos;color:#b9770e&apos;&gt;this server returned no probabilities, so its tokens are not tinted.&lt;/span&gt;</source>
        <translation>서버에서 실행: &lt;b&gt;{name}&lt;/b&gt; — &lt;span style=&apos;color:#b9770e&apos;&gt;이 서버는 확률을 보내지 않아서 토큰에 색을 입히지 않았어요.&lt;/span&gt;</translation>
    </message>
    <message>
        <source>On a server: &lt;b&gt;{name}&lt;/b&gt; (the server applies its own chat template).</source>
        <translation>서버에서 실행: &lt;b&gt;{name}&lt;/b&gt; (채팅 템플릿은 서버가 자기 것을 적용해요).</translation>
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
    <message>
        <source>Time to first token</source>
        <translation>첫 토큰까지의 시간</translation>
    </message>
    <message>
        <source>Time per output token</source>
        <translation>토큰당 시간</translation>
    </message>
    <message>
        <source>Generation speed</source>
        <translation>생성 속도</translation>
    </message>
    <message>
        <source>{figure} (including network time)</source>
        <translation>{figure} (네트워크 시간 포함)</translation>
    </message>
    <message>
        <source>This server returned no probabilities, so the tokens are not tinted.</source>
        <translation>이 서버는 확률을 보내지 않아서 토큰에 색을 입히지 않았어요.</translation>
    </message>
    <message>
        <source>Token {n}: this server returned no probabilities.</source>
        <translation>토큰 {n}: 이 서버는 확률을 보내지 않았어요.</translation>
    </message>
    <message>
        <source>The sampling path needs a local model: a server does not send a step&apos;s scores.</source>
        <translation>샘플링 경로를 보려면 이 컴퓨터의 모델이 필요해요. 서버는 단계마다의 점수를 보내지 않아요.</translation>
    </message>
    <message>
        <source>Scoring a text needs a local model: pick one under Compare, not a server model.</source>
        <translation>텍스트 점수를 매기려면 이 컴퓨터의 모델이 필요해요. 비교에서 서버 모델이 아닌 모델을 골라 주세요.</translation>
    </message>
    <message>
        <source>That server was removed.</source>
        <translation>그 서버는 삭제됐어요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt; on a server, same prompt and settings</source>
        <translation>서버의 &lt;b&gt;{name}&lt;/b&gt;, 같은 프롬프트와 설정</translation>
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
        <source>“{url}” is not a valid address.</source>
        <translation>“{url}”은(는) 올바른 주소가 아니에요.</translation>
    </message>
    <message>
        <source>The request to the server failed: {error}.</source>
        <translation>서버에 보낸 요청이 실패했어요: {error}.</translation>
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
    <name>CoreVision</name>
    <message>
        <source>Korean labels such as “{label}” do not work with this model: it learned from English captions, and its tokenizer cuts Hangul into byte pieces that carry no meaning for it. So their scores mean nothing, however confident they look. Write the labels in English (for example “red circle”).</source>
        <translation>“{label}” 같은 한국어 라벨은 이 모델에서 통하지 않아요. 이 모델은 영어 캡션으로 학습했고, 토크나이저는 한글을 이 모델에게 아무 의미도 없는 바이트 조각으로 잘라요. 그래서 점수가 아무리 확신에 차 보여도 의미가 없어요. 라벨은 영어로 써 주세요(예: “red circle”).</translation>
    </message>
    <message>
        <source>Labels such as “{label}” are not in English, the only language this model learned from; their scores mean nothing. Write the labels in English.</source>
        <translation>“{label}” 같은 라벨은 영어가 아니에요. 이 모델은 영어로만 학습해서 이런 라벨의 점수는 의미가 없어요. 라벨은 영어로 써 주세요.</translation>
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
        <translation>매개변수 {billions}B × {bits}비트</translation>
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
        <translation>매개변수</translation>
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
        <source>Could not delete the run</source>
        <translation>실행을 삭제하지 못했어요</translation>
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
        <source>Some panels change language after a restart.</source>
        <translation>일부 패널은 다시 시작해야 언어가 바뀌어요.</translation>
    </message>
    <message>
        <source>Language: {language}. Some panels change after a restart; nothing else is lost.</source>
        <translation>언어: {language}. 일부 패널은 다시 시작해야 바뀌어요. 입력한 내용과 설정은 그대로 남아요.</translation>
    </message>
</context>
<context>
    <name>LatencyChart</name>
    <message>
        <source>Per-token latency appears here</source>
        <translation>토큰별 지연 시간이 여기에 나타나요</translation>
    </message>
    <message>
        <source>per-token latency, ms (max {max}; first token {first} ms)</source>
        <translation>토큰별 지연 시간, ms (최대 {max}, 첫 토큰 {first} ms)</translation>
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
        <translation>매개변수</translation>
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
        <translation>매개변수</translation>
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
    <message numerus="yes">
        <source>Here Auto is %n thread(s).</source>
        <translation>
            <numerusform>이 컴퓨터에서 자동은 스레드 %n개예요.</numerusform>
        </translation>
    </message>
    <message>
        <source>CPU: {physical} physical cores, {logical} logical</source>
        <translation>CPU: 물리 코어 {physical}개, 논리 코어 {logical}개</translation>
    </message>
    <message>
        <source>CPU: {logical} logical cores</source>
        <translation>CPU: 논리 코어 {logical}개</translation>
    </message>
    <message numerus="yes">
        <source>{cpu}; Auto uses %n thread(s).</source>
        <translation>
            <numerusform>{cpu}. 자동은 스레드 %n개를 써요.</numerusform>
        </translation>
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
        <translation>자율성을 단계적으로 높이는 AI 워크플로예요: 기어가기(crawl), 걷기(walk), 달리기(run).</translation>
    </message>
    <message>
        <source>Crawl: a person approves every action</source>
        <translation>기어가기: 모든 동작을 사람이 승인해요</translation>
    </message>
    <message>
        <source>Walk: the AI acts on internal, low-risk steps and asks for the rest</source>
        <translation>걷기: 내부의 위험이 낮은 단계는 AI가 직접 하고, 나머지는 물어봐요</translation>
    </message>
    <message>
        <source>Run: it acts alone inside guardrails, with every action in an audit log</source>
        <translation>달리기: 가드레일 안에서 혼자 동작하고, 모든 동작을 감사 로그에 남겨요</translation>
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
    <name>RunTokenView</name>
    <message>
        <source>&lt;b&gt;{token}&lt;/b&gt;: the server returned no probability for this token.</source>
        <translation>&lt;b&gt;{token}&lt;/b&gt;: 서버가 이 토큰의 확률을 보내지 않았어요.</translation>
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
        <source>How long to wait for the server to connect or to send the next part of an answer.</source>
        <translation>서버가 연결되거나 응답의 다음 부분을 보낼 때까지 기다리는 시간이에요.</translation>
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
        <translation>한 단어, 한 토큰: cooking</translation>
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
</context>
<context>
    <name>TokenizerPanel</name>
    <message>
        <source>{name} (server)</source>
        <translation>{name} (서버)</translation>
    </message>
    <message>
        <source>The server&apos;s own tokenizer, through its tokenize endpoint.</source>
        <translation>서버 자체의 토크나이저예요. 서버의 tokenize 엔드포인트로 물어봐요.</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>서버에 묻는 중…</translation>
    </message>
    <message>
        <source>vocabulary size not given by the server</source>
        <translation>서버가 어휘 크기를 알려 주지 않았어요</translation>
    </message>
    <message>
        <source>The server gave the token ids but not each token&apos;s text (too many different tokens to ask for one by one), so the spans cannot be placed; the ids and counts are exact.</source>
        <translation>서버가 토큰 ID는 보냈지만 토큰마다의 텍스트는 보내지 않았어요(서로 다른 토큰이 너무 많아 하나씩 물어볼 수 없어요). 그래서 토큰 위치는 표시할 수 없지만, ID와 개수는 정확해요.</translation>
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
        <translation>
            <numerusform>사진 %Ln장</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;p style=&apos;font-size:15pt&apos;&gt;Drop pictures or folders here&lt;/p&gt;&lt;p&gt;…or use &lt;b&gt;Add images…&lt;/b&gt;, &lt;b&gt;Add folder…&lt;/b&gt;, paste with &lt;b&gt;Ctrl+V&lt;/b&gt;,&lt;br&gt;or try &lt;b&gt;Sample shapes&lt;/b&gt;. Then type the labels you care about on the right.&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;font-size:15pt&apos;&gt;여기에 사진이나 폴더를 끌어다 놓으세요&lt;/p&gt;&lt;p&gt;…또는 &lt;b&gt;사진 추가…&lt;/b&gt;, &lt;b&gt;폴더 추가…&lt;/b&gt;를 쓰거나 &lt;b&gt;Ctrl+V&lt;/b&gt;로 붙여 넣고,&lt;br&gt;&lt;b&gt;예시 도형&lt;/b&gt;을 눌러 봐도 돼요. 그다음 오른쪽에 알고 싶은 라벨을 영어로 입력하세요.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Labels — one per line</source>
        <translation>라벨 — 한 줄에 하나씩</translation>
    </message>
    <message>
        <source>red circle
blue square
…</source>
        <translation>red circle
blue square
… (라벨은 영어로)</translation>
    </message>
    <message>
        <source>The model&apos;s labels</source>
        <translation>모델의 라벨</translation>
    </message>
    <message>
        <source>Put back the labels the bundled model was trained on.</source>
        <translation>기본 제공 모델이 학습한 라벨로 되돌려요.</translation>
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
        <translation>{} 자리에 라벨이 하나씩 들어가요.</translation>
    </message>
    <message>
        <source>open_clip&apos;s 80 zero-shot templates (“a bad photo of a {}.”, “a sketch of the {}.”, …): each label&apos;s text embedding is their average.</source>
        <translation>open_clip의 제로샷 템플릿 80개(“a bad photo of a {}.”, “a sketch of the {}.”, …)를 써요. 라벨마다 텍스트 임베딩은 이 템플릿들의 평균이에요.</translation>
    </message>
    <message>
        <source>open_clip&apos;s 80 templates, averaged</source>
        <translation>open_clip 템플릿 80개의 평균</translation>
    </message>
    <message>
        <source>Classify again</source>
        <translation>다시 분류</translation>
    </message>
    <message>
        <source>Runs by itself when pictures are added or labels change.</source>
        <translation>사진을 추가하거나 라벨을 바꾸면 저절로 실행돼요.</translation>
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
        <translation>라벨을 한 줄에 하나씩, 적어도 하나 입력해 주세요(예: “red circle”).</translation>
    </message>
    <message>
        <source>The prompt template needs {} where the label goes, e.g. “a photo of a {}.”</source>
        <translation>프롬프트 템플릿에는 라벨이 들어갈 자리에 {}가 있어야 해요. 예: “a photo of a {}.”</translation>
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
    <message>
        <source>Some labels&apos; scores mean nothing: see the note under the labels.</source>
        <translation>일부 라벨의 점수는 의미가 없어요. 라벨 아래의 안내를 보세요.</translation>
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
        <translation>&lt;b&gt;학습용 모델&lt;/b&gt;이에요. 사진이 아니라 스스로 그린 색깔 도형으로 몇 분 만에 여기서 학습했어요. 도형 5가지 × 색 6가지이고, 처음 보는 그림에서 정답률이 {accuracy}예요(라벨 {n}개). 사진을 분류하려면 진짜 open_clip 가중치를 추가하세요.</translation>
    </message>
    <message>
        <source>&lt;b&gt;A teaching model&lt;/b&gt;, trained here in minutes on coloured shapes it drew itself, not on photographs: 5 shapes in 6 colours. For photographs, add real open_clip weights.</source>
        <translation>&lt;b&gt;학습용 모델&lt;/b&gt;이에요. 사진이 아니라 스스로 그린 색깔 도형으로 몇 분 만에 여기서 학습했어요. 도형 5가지 × 색 6가지예요. 사진을 분류하려면 진짜 open_clip 가중치를 추가하세요.</translation>
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
        <translation>
            <numerusform>{path}(으)로 내보냈어요(%Ln행).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln label(s)</source>
        <translation>
            <numerusform>라벨 %Ln개</numerusform>
        </translation>
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
