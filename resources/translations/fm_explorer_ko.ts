<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
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
    <name>ModelsPanel</name>
    <message>
        <source>Servers</source>
        <translation>서버</translation>
    </message>
    <message>
        <source>OpenAI-compatible servers, for models too big for this machine or one GPU shared by a room.</source>
        <translation>OpenAI 호환 서버예요. 이 컴퓨터에서 돌리기엔 너무 큰 모델을 쓰거나, 강의실 전체가 GPU 한 대를 함께 쓸 때 좋아요.</translation>
    </message>
    <message>
        <source>Load the last used model at start</source>
        <translation>시작할 때 마지막으로 쓴 모델 불러오기</translation>
    </message>
    <message>
        <source>When the app starts, load the model that was loaded when it was last closed.</source>
        <translation>앱을 시작하면, 지난번에 닫을 때 불러와 있던 모델을 불러와요.</translation>
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
    <name>parent</name>
    <message>
        <source>Send the API key unencrypted?</source>
        <translation type="vanished">API 키를 암호화하지 않고 보낼까요?</translation>
    </message>
</context>
</TS>
