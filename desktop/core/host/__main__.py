from desktop.core.host.server import main

raise SystemExit(main())
