package org.winsession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccountClassTest {
  @ParameterizedTest(name = "{1}\\{2} {0} luid {3} type {4} -> {6}")
  @CsvSource(nullValues = "null", value = {
      "S-1-5-7,ANONYMOUS LOGON,NT AUTHORITY,0x4533b,3,null,ANONYMOUS",
      "null,ANONYMOUS LOGON,NT AUTHORITY,0x4533b,3,null,ANONYMOUS",
      "S-1-5-18,SYSTEM,NT AUTHORITY,0x3e7,0,null,SYSTEM",
      "S-1-5-20,NETWORK SERVICE,NT AUTHORITY,0x3e4,5,null,SYSTEM",
      "null,LOCAL SERVICE,NT AUTHORITY,0x1234,5,null,SYSTEM",
      "S-1-5-90-0-1,DWM-1,Window Manager,0x1a0992,2,null,VIRTUAL",
      "S-1-5-96-0-0,UMFD-0,Font Driver Host,0x9a41,2,null,VIRTUAL",
      "null,DWM-3,Window Manager,0x9a41,2,null,VIRTUAL",
      "S-1-5-21-1-2-3-1601,WS01$,CONTOSO,0x4c01a3,3,null,MACHINE",
      "S-1-5-21-1-2-3-1500,svc_sql,CONTOSO,0x5001,5,null,SERVICE",
      "S-1-5-21-1-2-3-1500,svc_mail,CONTOSO,0x5001,5,true,VIRTUAL",
      "S-1-5-21-1-2-3-1104,alice,CONTOSO,0x3b0c11,10,false,USER",
      "null,DWM-x,CONTOSO,0x3b0c11,2,null,USER",
  })
  void firstMatchInContractOrder(String sid, String user, String domain, String luid, int type,
      Boolean virtual, AccountClass expected) {
    long id = Long.decode(luid);
    assertEquals(expected, AccountClass.of(sid, user, domain, id, type, virtual));
  }
}
